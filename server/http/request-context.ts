import { createContext } from '@/server/trpc';
import { CLIENT_ADDRESS_HEADER } from './front-door';

/** The tRPC context of a route handler's request: its session cookie and the client address the front door set. */
export function requestContext(req: Request) {
  return createContext({ cookie: req.headers.get('cookie'), clientAddress: req.headers.get(CLIENT_ADDRESS_HEADER) });
}
