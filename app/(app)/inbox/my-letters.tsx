'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'use-intl';
import { LetterMarks } from '@/app/_components/letter-marks';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { formatDate } from '@/server/shared/thai-date';
import { useSealedSubjects } from '@/app/_components/classified/use-sealed-subjects';

/** Letters routed to the viewer or their units: open ones first, most urgent first (in red), new ones in bold. */
export function MyLetters({ settings }: { settings: AgencySettings }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const inbox = useQuery(trpc.letters.inbox.queryOptions());
  const items = inbox.data ?? [];
  const subjectOf = useSealedSubjects(items.map((i) => ({ id: i.letterId, subject: i.subject, secrecy: i.secrecy })), t('classified.placeholder'));
  return (
    <section className="card">
      <h2>{t('myLetters.title')}</h2>
      {items.length === 0 ? <p className="empty">{t('myLetters.none')}</p> : (
        <div className="table-wrap">
          <table className="list" data-testid="my-letters">
            <thead>
              <tr><th>{t('letters.subject')}</th><th>{t('letters.from')}</th><th>{t('letter.routeTo')}</th><th>{t('myLetters.routedAt')}</th></tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.assignmentId} className={i.closedAt ? 'done' : !i.readAt ? 'unread' : undefined}>
                  <td>
                    <LetterMarks urgency={i.urgency} secrecy={i.secrecy} />
                    {!i.readAt && !i.closedAt && <span className="chip">{t('myLetters.unread')}</span>}{' '}
                    <Link className="subject" href={`/letters/${i.letterId}`}>{subjectOf({ id: i.letterId, subject: i.subject })}</Link>
                    <div className="muted">
                      {t('letter.purpose')}{i.purpose === 'action' ? t('letter.purposeAction') : t('letter.purposeInformation')}
                      {i.closedAt && ` · ${t('myLetters.done')}`}{i.note && ` · “${i.note}”`}
                    </div>
                  </td>
                  <td>{i.fromText}</td>
                  <td>{i.targetUnit ? t('myLetters.forUnit', { unit: i.targetUnit }) : t('myLetters.forYou')}<div className="muted">{t('myLetters.from', { name: i.assignedByName })}</div></td>
                  <td style={{ whiteSpace: 'nowrap' }}>{formatDate(i.assignedAt, { locale, withTime: true, style: 'short', thaiDigits: settings.thaiDigits })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** E-mails that arrived but could not become letters, with the reason, so that the officer can ask the sender again. */
export function Rejections({ settings }: { settings: AgencySettings }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const rejections = useQuery(trpc.intake.rejections.queryOptions());
  const items = rejections.data ?? [];
  if (items.length === 0) return null;
  return (
    <section className="card">
      <h2>{t('rejections.title')}</h2>
      <div className="table-wrap">
        <table className="list">
          <thead><tr><th>{t('letters.subject')}</th><th>{t('letters.from')}</th><th>{t('rejections.channel')}</th><th>{t('rejections.reason')}</th><th>{t('letters.receivedAt')}</th></tr></thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>{r.subject || <span className="muted">{t('rejections.noSubject')}</span>}</td><td>{r.fromText}</td><td>{t(`letters.channel.${r.channel}`)}</td><td>{t(`errors.${r.reason}` as never)}</td>
                <td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.receivedAt, { locale, withTime: true, style: 'short', thaiDigits: settings.thaiDigits })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
