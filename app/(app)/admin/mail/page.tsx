import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { MailboxesManager } from './mailboxes-manager';
import { SmtpForm } from './smtp-form';
import { env } from '@/core/env';

export default async function MailPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  const domain = env().INBOUND_EMAIL_DOMAIN;
  return (
    <>
      <h1>{t('mailAdmin.title')}</h1>
      <p className="muted">{t('mailAdmin.help')}</p>
      {domain && <p>{t('mailAdmin.inbound', { address: `${me.agency.code}@${domain}` })}</p>}
      <MailboxesManager settings={me.agency.settings} />
      <SmtpForm />
    </>
  );
}
