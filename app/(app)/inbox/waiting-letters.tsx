'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { LetterMarks } from '@/app/_components/letter-marks';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { formatDate, formatIsoDate, toThaiDigits } from '@/server/shared/thai-date';
import { PaperLetterForm } from './paper-letter-form';
import { useKeyring } from '@/app/_components/classified/keyring';
import { UnlockPanel } from '@/app/_components/classified/unlock-panel';
import { useSealedSubjects } from '@/app/_components/classified/use-sealed-subjects';

export function WaitingLetters({ settings, maxUploadMb }: { settings: AgencySettings; maxUploadMb: number }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const waiting = useQuery(trpc.registry.waiting.queryOptions());
  // Opening the waiting list is the registry officer's inbox check (electronic rule 4.1.2).
  const { mutate: recordCheck } = useMutation(trpc.registry.recordCheck.mutationOptions());
  useEffect(() => { recordCheck(); }, [recordCheck]);
  const [done, setDone] = useState<{ text: string; letterId: string } | null>(null);
  const register = useMutation(trpc.registry.register.mutationOptions({
    onSuccess: (r, input) => {
      setDone({ letterId: input.letterId, text: t('inbox.registered', {
        number: settings.thaiDigits && locale === 'th' ? toThaiDigits(String(r.number)) : String(r.number),
        date: formatDate(r.registeredAt, { locale, withTime: true, style: settings.dateStyle, thaiDigits: settings.thaiDigits }),
      }) });
      void queryClient.invalidateQueries({ queryKey: trpc.registry.pathKey() });
    },
  }));
  const fmt = (d: Date | string, withTime = false) => formatDate(d, { locale, withTime, style: 'short', thaiDigits: settings.thaiDigits });
  const letters = waiting.data ?? [];
  const subjectOf = useSealedSubjects(letters, t('classified.placeholder'));
  const keyring = useKeyring();
  const error = describe(register.error);

  return (
    <>
      <section className="card">
        <div className="page-head">
          <h2>{t('inbox.waitingTitle')}</h2>
          <span className="muted" data-testid="waiting-count">{t('inbox.waitingCount', { count: settings.thaiDigits && locale === 'th' ? toThaiDigits(String(letters.length)) : String(letters.length) })}</span>
        </div>
        {done && <p className="form-ok" role="status">{done.text} · <Link href={`/letters/${done.letterId}`}>{t('inbox.openToRoute')}</Link></p>}
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        {letters.some((l) => l.secrecy === 'confidential' || l.secrecy === 'secret') && !keyring.unlocked && <UnlockPanel purpose={t('classified.unlockToList')} />}
        {letters.length === 0 ? <p className="empty">{t('inbox.noneWaiting')}</p> : (
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th>{t('letters.subject')}</th><th>{t('letters.documentNumber')}</th><th>{t('letters.letterDate')}</th>
                  <th>{t('letters.from')}</th><th>{t('letters.receivedAt')}</th><th />
                </tr>
              </thead>
              <tbody>
                {letters.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <LetterMarks urgency={l.urgency} secrecy={l.secrecy} /> <Link className="subject" href={`/letters/${l.id}`}>{subjectOf(l)}</Link>
                      <div className="muted">{t(`letters.channel.${l.channel}`)}</div>
                      {l.files.map((f) => (
                        <div key={f.id}><a href={`/api/letters/${l.id}/files/${f.id}`} target="_blank" rel="noreferrer">{f.fileName}</a></div>
                      ))}
                    </td>
                    <td style={{ whiteSpace: 'nowrap' }}>{l.documentNumber}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(l.letterDate, { locale, style: 'short', thaiDigits: settings.thaiDigits })}</td>
                    <td>{l.fromText}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>{fmt(l.receivedAt, true)}</td>
                    <td className="actions-col">
                      <button type="button" disabled={register.isPending} aria-label={`${t('inbox.register')} ${subjectOf(l)}`}
                        onClick={() => { setDone(null); register.mutate({ letterId: l.id }); }}>{t('inbox.register')}</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <PaperLetterForm maxUploadMb={maxUploadMb} onRecorded={() => void queryClient.invalidateQueries({ queryKey: trpc.registry.waiting.queryKey() })} />
    </>
  );
}

