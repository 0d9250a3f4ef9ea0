import 'server-only';
import { headers } from 'next/headers';
import { createCaller } from '@/server/routers/_app';
import { createContext } from '@/server/trpc';

/** tRPC called directly from server components: the same procedures, bases and checks. */
export async function serverCaller() {
  const h = await headers();
  return createCaller(await createContext({ cookie: h.get('cookie'), forwardedFor: h.get('x-forwarded-for') }));
}
