'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'use-intl';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { formatDate } from '@/server/shared/thai-date';

/** Deliveries that failed and that the sender has not acknowledged: shown without being asked, each acknowledged on its own. */
export function UndeliveredList({ settings }: { settings: AgencySettings }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.outgoing.undelivered.queryOptions());
  const confirm = useMutation(trpc.outgoing.confirmDeliveries.mutationOptions({
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.outgoing.undelivered.queryKey() }),
  }));
  const items = list.data ?? [];
  if (items.length === 0) return null;
  return (
    <section className="card alert-card" id="undelivered" aria-labelledby="undelivered-title">
      <h2 id="undelivered-title">{t('outgoing.undelivered')}</h2>
      <div className="table-wrap">
        <table className="list" data-testid="undelivered">
          <thead><tr><th>{t('letters.subject')}</th><th>{t('outgoing.recipient')}</th><th>{t('outgoing.state')}</th><th /></tr></thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td><Link className="subject" href={`/outgoing/${d.outgoingLetterId}`}>{d.documentNumber ? `${d.documentNumber} ` : ''}{d.subject}</Link></td>
                <td>{d.recipientName}{d.recipientEmail && d.recipientEmail !== d.recipientName && <div className="muted">{d.recipientEmail}</div>}</td>
                <td>
                  <span className="mark urgency">{t('outgoing.deliveryState.failed')}</span>{' '}
                  {d.failedReason && t(`outgoing.failedReason.${d.failedReason}` as never)}
                  {d.failedAt && <div className="muted">{formatDate(d.failedAt, { locale, withTime: true, style: 'short', thaiDigits: settings.thaiDigits })}</div>}
                </td>
                <td className="actions-col">
                  <button type="button" className="secondary" disabled={confirm.isPending} onClick={() => confirm.mutate({ deliveryIds: [d.id] })}>{t('outgoing.confirm')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
