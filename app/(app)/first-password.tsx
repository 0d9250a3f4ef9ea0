import { SignOutButton } from '@/app/_components/sign-out-button';
import { getTranslator } from '@/app/i18n/server';
import type { Me } from '@/app/_trpc/viewer';
import { ChangePasswordForm } from './account/change-password-form';

/**
 * Every page of a person who signs in with a password an admin issued (a new account, a reset):
 * they choose their own before anything else, so the admin never knows the password they work with.
 */
export async function FirstPassword({ me }: { me: Me }) {
  const t = await getTranslator();
  return (
    <div className="shell single">
      <header className="topbar">
        <span className="brand">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/garuda.svg" alt="" />
          <span>{me.agency.nameTh}<small>{t('app.tagline')}</small></span>
        </span>
        <span className="spacer" />
        <span className="who">{me.user.fullNameTh}<small>{me.user.position}</small></span>
        <SignOutButton label={t('nav.signOut')} callbackUrl="/login" />
      </header>
      <main id="main" className="content">
        <h1>{t('account.firstPasswordTitle')}</h1>
        <p className="notice" role="status">{t('account.firstPasswordNote')}</p>
        <ChangePasswordForm issued />
      </main>
    </div>
  );
}
