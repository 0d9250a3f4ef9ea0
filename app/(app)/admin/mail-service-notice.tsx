'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'use-intl';
import { useTRPC } from '@/app/_trpc/react';
import { toThaiDigits } from '@/server/shared/thai-date';

/** Told on every admin page while no mail service is connected: e-mail is only kept in the local outbox, and how to connect one. */
export function MailServiceNotice({ thaiDigits }: { thaiDigits: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const status = useQuery(trpc.mail.status.queryOptions());
  if (!status.data || status.data.connected) return null;
  const count = String(status.data.kept);
  return (
    <p className="notice" data-testid="mail-service-notice">
      {t('mailAdmin.notConnected', { count: thaiDigits && locale === 'th' ? toThaiDigits(count) : count })}{' '}
      <Link href="/admin/mail#smtp">{t('mailAdmin.connect')}</Link>
    </p>
  );
}
