import 'server-only';
import { TRPCError } from '@trpc/server';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { serverCaller } from './server';

/** The signed-in agency user for this request (memoised), or a redirect to sign-in. */
export const getMe = cache(async () => {
  try {
    return await (await serverCaller()).me.get();
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'UNAUTHORIZED') {
      redirect(error.message === 'session_expired' ? '/login?reason=expired' : '/login');
    }
    throw error;
  }
});

export type Me = Awaited<ReturnType<typeof getMe>>;
