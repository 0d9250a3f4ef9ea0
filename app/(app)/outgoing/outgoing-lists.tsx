'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { LetterMarks } from '@/app/_components/letter-marks';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { letterKinds } from '@/core/letters';
import { formatDate } from '@/server/shared/thai-date';
import { subjectText } from '@/app/_components/classified/subject-text';

type Row = {
  id: string; kind: string; subject: string; urgency: 'normal' | 'urgent' | 'very_urgent' | 'most_urgent'; secrecy: 'normal' | 'confidential' | 'secret' | 'top_secret';
  state: string; documentNumber: string | null; createdByName: string; updatedAt: string | Date; action?: string;
};

/** The outgoing page: a new draft, then my drafts, what waits for me, what waits to be sent, and what was sent. */
export function OutgoingLists({ settings }: { settings: AgencySettings }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const router = useRouter();
  const trpc = useTRPC();
  const list = useQuery(trpc.outgoing.list.queryOptions());
  const [kind, setKind] = useState<string>('external');

  function table(rows: Row[], testId: string) {
    if (rows.length === 0) return <p className="empty">{t('outgoing.none')}</p>;
    return (
      <div className="table-wrap">
        <table className="list" data-testid={testId}>
          <thead><tr><th>{t('letters.subject')}</th><th>{t('outgoing.kind')}</th><th>{t('outgoing.state')}</th><th>{t('outgoing.number')}</th><th>{t('outgoing.updatedAt')}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <LetterMarks urgency={r.urgency} secrecy={r.secrecy} />
                  <Link className="subject" href={`/outgoing/${r.id}`}>{subjectText(r.subject, t('classified.placeholder'))}</Link>
                  <div className="muted">{r.createdByName}{r.action && ` · ${t(`outgoing.step.${r.action}` as never)}`}</div>
                </td>
                <td>{t(`outgoing.kinds.${r.kind}` as never)}</td>
                <td>{t(`outgoing.states.${r.state}` as never)}</td>
                <td>{r.documentNumber ?? '—'}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.updatedAt, { locale, withTime: true, style: 'short', thaiDigits: settings.thaiDigits })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <>
      <section className="card">
        <form className="row" onSubmit={(e) => { e.preventDefault(); router.push(`/outgoing/new?kind=${kind}`); }}>
          <label>{t('outgoing.kind')}
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              {letterKinds.map((k) => <option key={k} value={k}>{t(`outgoing.kinds.${k}`)}</option>)}
            </select>
          </label>
          <button type="submit">{t('outgoing.newDraft')}</button>
        </form>
      </section>
      <section className="card"><h2>{t('outgoing.toAct')}</h2>{table(list.data?.toAct ?? [], 'to-act')}</section>
      <section className="card"><h2>{list.data?.unit ? t('outgoing.mineFor', { unit: locale === 'en' && list.data.unit.en ? list.data.unit.en : list.data.unit.th }) : t('outgoing.mine')}</h2>{table(list.data?.mine ?? [], 'my-drafts')}</section>
      {(list.data?.reserved.length ?? 0) > 0 && <section className="card"><h2>{t('reserve.list')}</h2>{table(list.data!.reserved, 'reserved')}</section>}
      {(list.data?.toSend.length ?? 0) > 0 && <section className="card"><h2>{t('outgoing.toSend')}</h2>{table(list.data!.toSend, 'to-send')}</section>}
      <section className="card"><h2>{t('outgoing.sent')}</h2>{table(list.data?.sent ?? [], 'sent')}</section>
    </>
  );
}
