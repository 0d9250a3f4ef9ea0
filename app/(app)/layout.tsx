import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { getMe } from '@/app/_trpc/viewer';
import { readSession } from '@/server/auth/read-session';
import { FirstPassword } from './first-password';
import { Shell } from './shell';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await readSession((await cookies()).toString());
  if (session?.kind === 'operator') redirect('/platform');
  const me = await getMe();
  // A password an admin issued is changed before any page opens.
  if (me.user.mustChangePassword) return <FirstPassword me={me} />;
  return <Shell me={me}>{children}</Shell>;
}
