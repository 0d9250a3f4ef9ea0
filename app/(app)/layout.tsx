import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { getMe } from '@/app/_trpc/viewer';
import { readSession } from '@/server/auth/read-session';
import { Shell } from './shell';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await readSession((await cookies()).toString());
  if (session?.kind === 'operator') redirect('/platform');
  const me = await getMe();
  return <Shell me={me}>{children}</Shell>;
}
