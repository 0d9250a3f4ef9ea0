'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { formatDate } from '@/server/shared/thai-date';

/**
 * E-mails the system sent for the agency. Without a mail service (the zero-setup mode)
 * this is where they are: each opens as the recipient would see it, in a sandboxed frame.
 */
export function OutboxView({ settings }: { settings: AgencySettings }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const list = useQuery(trpc.mail.outbox.queryOptions());
  const [openId, setOpenId] = useState<string | null>(null);
  const message = useQuery({ ...trpc.mail.outboxMessage.queryOptions({ emailId: openId ?? '' }), enabled: Boolean(openId) });
  const items = list.data ?? [];
  return (
    <>
      <section className="card">
        {items.length === 0 ? <p className="empty">{t('outbox.none')}</p> : (
          <div className="table-wrap">
            <table className="list">
              <thead><tr><th>{t('outbox.subject')}</th><th>{t('outbox.to')}</th><th>{t('outbox.sentAt')}</th><th>{t('outbox.transport')}</th><th /></tr></thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <td>{e.subject}<div className="muted">{t(`outbox.kind.${e.kind}`)}</div></td>
                    <td>{e.toAddress}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.createdAt, { locale, withTime: true, style: 'short', thaiDigits: settings.thaiDigits })}</td>
                    <td>{t(`outbox.${e.transport}`)}</td>
                    <td className="actions-col"><button type="button" className="secondary" onClick={() => setOpenId(e.id)}>{t('outbox.open')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {message.data && (
        <section className="card">
          <h2>{message.data.subject}</h2>
          <p className="muted">{t('outbox.to')}: {message.data.toAddress}</p>
          <iframe title={message.data.subject} sandbox="" srcDoc={message.data.html} style={{ width: '100%', height: '36rem', border: '1px solid var(--line)', borderRadius: 6 }} />
        </section>
      )}
    </>
  );
}
