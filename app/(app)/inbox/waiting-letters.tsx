'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Fragment, useEffect, useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { LetterMarks } from '@/app/_components/letter-marks';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { formatDate, formatIsoDate } from '@/server/shared/thai-date';
import { PaperLetterForm } from './paper-letter-form';
import { useKeyring } from '@/app/_components/classified/keyring';
import { UnlockPanel } from '@/app/_components/classified/unlock-panel';
import { useSealedSubjects } from '@/app/_components/classified/use-sealed-subjects';
import { useDigits } from '@/app/_components/digits';

/** ส่งคืน: back to the sender with the reason, or to the registry of the unit it was meant for. */
function ReturnForm({ channel, classified, units, pending, onSubmit, onCancel }: {
  channel: string; classified: boolean; units: Array<{ id: string; nameTh: string }>; pending: boolean;
  onSubmit: (reason: string, toUnitId: string | null) => void; onCancel: () => void;
}) {
  const t = useTranslations();
  const [to, setTo] = useState<'sender' | 'unit'>('sender');
  const [unitId, setUnitId] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form className="stack" onSubmit={(e) => {
      e.preventDefault();
      if (!reason.trim()) return setProblem(t('inbox.returnReasonRequired'));
      if (to === 'unit' && !unitId) return setProblem(t('inbox.returnUnitRequired'));
      setProblem(null);
      onSubmit(reason.trim(), to === 'unit' ? unitId : null);
    }}>
      <fieldset>
        <legend>{t('inbox.returnTo')}</legend>
        <label><input type="radio" name="to" checked={to === 'sender'} onChange={() => setTo('sender')} /> {t(`inbox.returnToSender.${channel}` as never)}</label>
        {!classified && <label><input type="radio" name="to" checked={to === 'unit'} onChange={() => setTo('unit')} /> {t('inbox.returnToUnit')}</label>}
      </fieldset>
      {to === 'unit' && (
        <Field label={t('inbox.returnUnit')}>
          <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
            <option value="">{t('letter.choose')}</option>
            {units.map((u) => <option key={u.id} value={u.id}>{u.nameTh}</option>)}
          </select>
        </Field>
      )}
      <Field label={t('inbox.returnReason')}><textarea rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} /></Field>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <div className="row">
        <button type="submit" disabled={pending}>{t('inbox.returnConfirm')}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t('inbox.returnCancel')}</button>
      </div>
    </form>
  );
}

export function WaitingLetters({ settings, maxUploadMb, actingUnitId }: { settings: AgencySettings; maxUploadMb: number; actingUnitId: string | null }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const waiting = useQuery(trpc.registry.waiting.queryOptions());
  // Opening the waiting list is the registry officer's inbox check (electronic rule 4.1.2).
  const { mutate: recordCheck } = useMutation(trpc.registry.recordCheck.mutationOptions());
  useEffect(() => { recordCheck(); }, [recordCheck]);
  const [done, setDone] = useState<{ text: string; letterId: string | null } | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [returning, setReturning] = useState<string | null>(null);
  const units = useQuery(trpc.units.list.queryOptions());
  const digits = useDigits();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.registry.pathKey() });
  const registerMany = useMutation(trpc.registry.registerMany.mutationOptions({
    onSuccess: (r) => {
      setSelected([]);
      const numbers = r.map((x) => x.number);
      setDone({ letterId: null, text: t('inbox.registeredMany', { count: digits(r.length), first: digits(Math.min(...numbers)), last: digits(Math.max(...numbers)) }) });
      refresh();
    },
  }));
  const giveBack = useMutation(trpc.registry.returnLetter.mutationOptions({
    onSuccess: (r) => { setReturning(null); setDone({ letterId: null, text: r.passedTo ? t('inbox.passed', { unit: r.passedTo }) : t('inbox.returned') }); refresh(); },
  }));
  const register = useMutation(trpc.registry.register.mutationOptions({
    onSuccess: (r, input) => {
      setDone({ letterId: input.letterId, text: t('inbox.registered', {
        number: digits(r.number),
        date: formatDate(r.registeredAt, { locale, withTime: true, style: settings.dateStyle, thaiDigits: settings.thaiDigits }),
      }) });
      void queryClient.invalidateQueries({ queryKey: trpc.registry.pathKey() });
    },
  }));
  const fmt = (d: Date | string, withTime = false) => formatDate(d, { locale, withTime, style: 'short', thaiDigits: settings.thaiDigits });
  const letters = waiting.data ?? [];
  const subjectOf = useSealedSubjects(letters, t('classified.placeholder'));
  const keyring = useKeyring();
  const failed = register.error ?? registerMany.error ?? giveBack.error;
  const error = describe(failed);
  // A refusal in a batch names the letter it is about.
  const failedLetter = (failed as { data?: { params?: { letter?: string } } } | null)?.data?.params?.letter;
  const failedSubject = failedLetter ? letters.find((l) => l.id === failedLetter) : undefined;
  const shown = letters.map((l) => l.id);
  const chosen = selected.filter((id) => shown.includes(id));
  const busy = register.isPending || registerMany.isPending || giveBack.isPending;

  return (
    <>
      <section className="card">
        <div className="page-head">
          <h2>{t('inbox.waitingTitle')}</h2>
          <span className="muted" data-testid="waiting-count">{t('inbox.waitingCount', { count: digits(letters.length) })}</span>
        </div>
        {done && <p className="form-ok" role="status">{done.text}{done.letterId && <> · <Link href={`/letters/${done.letterId}`}>{t('inbox.openToRoute')}</Link></>}</p>}
        {error.message && <p className="form-error" role="alert">{failedSubject ? `${subjectOf(failedSubject)}: ` : ''}{error.message}</p>}
        {letters.length > 1 && (
          <div className="row">
            <button type="button" disabled={busy || chosen.length === 0} onClick={() => { setDone(null); registerMany.mutate({ letterIds: chosen }); }}>
              {t('inbox.registerSelected', { count: digits(chosen.length) })}
            </button>
            <span className="muted">{t('inbox.registerSelectedHint')}</span>
          </div>
        )}
        {letters.some((l) => l.secrecy === 'confidential' || l.secrecy === 'secret') && !keyring.unlocked && <UnlockPanel purpose={t('classified.unlockToList')} />}
        {letters.length === 0 ? <p className="empty">{t('inbox.noneWaiting')}</p> : (
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th>
                    <input type="checkbox" aria-label={t('inbox.selectAll')} checked={chosen.length === letters.length && letters.length > 0}
                      onChange={(e) => setSelected(e.target.checked ? shown : [])} />
                  </th>
                  <th>{t('letters.subject')}</th><th>{t('letters.documentNumber')}</th><th>{t('letters.letterDate')}</th>
                  <th>{t('letters.from')}</th><th>{t('letters.receivedAt')}</th><th />
                </tr>
              </thead>
              <tbody>
                {letters.map((l) => (<Fragment key={l.id}>
                  <tr>
                    <td>
                      <input type="checkbox" aria-label={`${t('inbox.select')} ${subjectOf(l)}`} checked={chosen.includes(l.id)}
                        onChange={(e) => { const { checked } = e.target; setSelected((s) => (checked ? [...s, l.id] : s.filter((x) => x !== l.id))); }} />
                    </td>
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
                      <button type="button" disabled={busy} aria-label={`${t('inbox.register')} ${subjectOf(l)}`}
                        onClick={() => { setDone(null); register.mutate({ letterId: l.id }); }}>{t('inbox.register')}</button>
                      <button type="button" className="secondary" disabled={busy} aria-expanded={returning === l.id} aria-label={`${t('inbox.return')} ${subjectOf(l)}`}
                        onClick={() => setReturning(returning === l.id ? null : l.id)}>{t('inbox.return')}</button>
                    </td>
                  </tr>
                  {returning === l.id && (
                    <tr>
                      <td colSpan={7}>
                        <ReturnForm channel={l.channel} classified={l.secrecy !== 'normal'} pending={giveBack.isPending}
                          units={(units.data ?? []).filter((u) => u.active && u.id !== actingUnitId)}
                          onCancel={() => setReturning(null)} onSubmit={(reason, toUnitId) => { setDone(null); giveBack.mutate({ letterId: l.id, reason, toUnitId }); }} />
                      </td>
                    </tr>
                  )}
                </Fragment>))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <PaperLetterForm maxUploadMb={maxUploadMb} onRecorded={() => void queryClient.invalidateQueries({ queryKey: trpc.registry.waiting.queryKey() })} />
    </>
  );
}

