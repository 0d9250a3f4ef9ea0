import 'server-only';
import { headers } from 'next/headers';
import { appRouter } from '@/server/routers/_app';
import { createCallerFactory, createContext } from '@/server/trpc';

const createCaller = createCallerFactory(appRouter);

/** tRPC called directly from server components: the same procedures, bases and checks. */
export async function serverCaller() {
  const h = await headers();
  return createCaller(await createContext({ cookie: h.get('cookie'), forwardedFor: h.get('x-forwarded-for') }));
}
