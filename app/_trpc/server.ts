import 'server-only';
import { headers } from 'next/headers';
import { createCaller } from '@/server/routers/_app';
import { CLIENT_ADDRESS_HEADER } from '@/server/http/front-door';
import { createContext } from '@/server/trpc';

/** tRPC called directly from server components: the same procedures, bases and checks. */
export async function serverCaller() {
  const h = await headers();
  return createCaller(await createContext({ cookie: h.get('cookie'), clientAddress: h.get(CLIENT_ADDRESS_HEADER) }));
}
