import { cookies } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { serverCaller } from '@/app/_trpc/server';
import { getTranslator } from '@/app/i18n/server';
import { readSession } from '@/server/auth/read-session';
import { SignOutButton } from '@/app/_components/sign-out-button';

export default async function PlatformLayout({ children }: { children: ReactNode }) {
  const session = await readSession((await cookies()).toString());
  if (!session) redirect('/login?as=operator');
  if (session.kind !== 'operator') redirect('/');
  // The operator as the database says now (a disabled operator is signed out here).
  const operator = await (await serverCaller()).platform.me().catch(() => null);
  if (!operator) redirect('/login?as=operator&reason=expired');
  const t = await getTranslator();
  // A failed, missing or unscheduled backup is told on every page, unasked.
  const backups = await (await serverCaller()).platform.backupStatus().catch(() => null);
  return (
    <div className="shell" style={{ gridTemplateColumns: '1fr' }}>
      <header className="topbar">
        <Link className="brand" href="/platform">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/garuda.svg" alt="" />
          <span>{t('platform.title')}<small>{operator.fullName}</small></span>
        </Link>
        <nav aria-label={t('platform.title')} className="platform-nav">
          <Link href="/platform">{t('platform.agenciesNav')}</Link>
          <Link href="/platform/backups">{t('platform.backupsNav')}</Link>
        </nav>
        <span className="spacer" />
        <SignOutButton label={t('nav.signOut')} callbackUrl="/login?as=operator" />
      </header>
      <main id="main" className="content">
        {backups?.alert && (
          <div className="banner-alert card" role="alert" data-testid="backup-alert">
            <span>{t(`backup.alerts.${backups.alert}`)}</span>
            <Link href="/platform/backups">{t('backup.goTo')}</Link>
          </div>
        )}
        {children}
      </main>
    </div>
  );
}
