'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useState, type ReactNode } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { useTRPC } from '@/app/_trpc/react';
import type { Me } from '@/app/_trpc/viewer';
import { ClassifiedKeyring } from '@/app/_components/classified/keyring';
import { DigitsProvider } from '@/app/_components/digits';
import { LiveUpdates } from './live-updates';
import { NotificationBell } from './notification-bell';
import { UndeliveredBanner } from './undelivered-banner';
import { UserMenu } from './user-menu';

/** The menu, each area shown only to those who may open it (the page refuses the others). */
const areas = [
  { href: '/', key: 'home', permission: null },
  { href: '/inbox', key: 'inbox', permission: 'open' },
  { href: '/outgoing', key: 'outgoing', permission: 'open' },
  { href: '/registers', key: 'registers', permission: 'receive' },
  { href: '/search', key: 'search', permission: 'open' },
] as const;

export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const t = useTranslations();
  const locale = useLocale();
  const pathname = usePathname();
  const router = useRouter();
  const trpc = useTRPC();
  const switchUnit = useMutation(trpc.me.setActingUnit.mutationOptions({ onSuccess: () => router.refresh() }));

  const units = [...new Map(me.memberships.map((m) => [m.unitId, m])).values()];
  const isCurrent = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href));
  const agencyName = locale === 'en' && me.agency.nameEn ? me.agency.nameEn : me.agency.nameTh;
  const personName = locale === 'en' && me.user.fullNameEn ? me.user.fullNameEn : me.user.fullNameTh;
  // The phone's folded menu closes when a page is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  const [menuPath, setMenuPath] = useState(pathname);
  if (menuPath !== pathname) {
    setMenuPath(pathname);
    setMenuOpen(false);
  }

  function toggleLanguage() {
    document.cookie = `saraban_locale=${locale === 'th' ? 'en' : 'th'}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }

  return (
    <DigitsProvider thai={me.agency.settings.thaiDigits}>
    <div className="shell">
      <a className="skip" href="#main">{t('app.skip')}</a>
      <LiveUpdates />
      <header className="topbar">
        {/* On a phone the menu folds away behind this button. */}
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="sidenav" onClick={() => setMenuOpen(!menuOpen)}>
          <span aria-hidden="true">☰</span> <span className="menu-label">{t('nav.menu')}</span>
        </button>
        <Link className="brand" href="/">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/garuda.svg" alt="" />
          <span>{agencyName}<small>{t('app.tagline')}</small></span>
        </Link>
        <span className="spacer" />
        <NotificationBell thaiDigits={me.agency.settings.thaiDigits} />
        <UserMenu name={personName}>
          <p className="who">
            {personName}<small>{me.user.position}</small>
          </p>
          {units.length > 0 && (
            <label className="field">
              {t('nav.actingUnit')}
              <select
                value={me.actingUnitId ?? ''}
                disabled={switchUnit.isPending || units.length < 2}
                onChange={(e) => switchUnit.mutate({ unitId: e.target.value })}
              >
                {units.map((u) => (
                  <option key={u.unitId} value={u.unitId}>{locale === 'en' && u.unitNameEn ? u.unitNameEn : u.unitNameTh}</option>
                ))}
              </select>
            </label>
          )}
          <Link href="/account">{t('nav.account')}</Link>
          <Link href="/help">{t('nav.help')}</Link>
          <button type="button" className="secondary" onClick={toggleLanguage} aria-label={`${t('nav.language')} — ${t('nav.languageLabel')}`}>{t('nav.language')}</button>
          <button type="button" className="secondary" onClick={() => void signOut({ callbackUrl: '/login' })}>{t('nav.signOut')}</button>
        </UserMenu>
      </header>
      <nav id="sidenav" className={menuOpen ? 'sidenav open' : 'sidenav'} aria-label={t('nav.menu')}>
        {areas.filter((a) => !a.permission || me.permissions.includes(a.permission)).map((a) => (
          <Link key={a.href} href={a.href} aria-current={isCurrent(a.href) ? 'page' : undefined}>{t(`nav.${a.key}`)}</Link>
        ))}
        {me.permissions.includes('receive') && (
          <Link href="/outbox" aria-current={isCurrent('/outbox') ? 'page' : undefined}>{t('nav.outbox')}</Link>
        )}
        {me.mayKeep && (
          <Link href="/keeping" aria-current={isCurrent('/keeping') ? 'page' : undefined}>{t('nav.keeping')}</Link>
        )}
        {me.mayApproveClearance && (
          <Link href="/clearance" aria-current={isCurrent('/clearance') ? 'page' : undefined}>{t('nav.clearance')}</Link>
        )}
        {me.permissions.includes('admin') && (
          <Link href="/admin" aria-current={isCurrent('/admin') ? 'page' : undefined}>{t('nav.admin')}</Link>
        )}
      </nav>
      <main id="main" className="content">
        {me.permissions.includes('open') && <UndeliveredBanner />}
        <ClassifiedKeyring>{children}</ClassifiedKeyring>
      </main>
    </div>
    </DigitsProvider>
  );
}
