'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useDigits, useThaiDigits } from '@/app/_components/digits';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { parseBuddhistDate, toArabicDigits } from '@/server/shared/letter-date';
import { formatDate, formatIsoDate } from '@/server/shared/thai-date';

/** While the list is being destroyed or its documents made, it is asked again this often. */
const POLL_MS = 1500;

type Trpc = ReturnType<typeof useTRPC>;

/**
 * One yearly disposal list (บัญชีหนังสือขอทำลาย) from preparation to destruction: its documents, its
 * committee (appointed by the head), its lines (decided by the committee), the sending to the
 * National Archives and its review (by the registry), and the destruction.
 */
export function DisposalListView({ listId }: { listId: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const digits = useDigits();
  const thaiDigits = useThaiDigits();
  const describe = useAppError();
  const data = useQuery({
    ...trpc.keeping.list.queryOptions({ listId }),
    refetchInterval: (q) => {
      const l = q.state.data?.list;
      return l && (l.state === 'destroying' || l.documentOfVersion < l.documentVersion) ? POLL_MS : false;
    },
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.keeping.pathKey() });
  const submit = useMutation(trpc.keeping.submit.mutationOptions({ onSuccess: refresh }));
  const destroy = useMutation(trpc.keeping.destroy.mutationOptions({ onSuccess: refresh }));
  const [confirming, setConfirming] = useState(false);
  // The lines change with the list's step (decided elsewhere, destroyed in the background): shown anew when it moves.
  const step = data.data ? `${data.data.list.state}:${data.data.list.decidedCount}:${data.data.list.destroyedCount}` : '';
  useEffect(() => {
    if (step) void queryClient.invalidateQueries({ queryKey: trpc.keeping.items.pathKey() });
  }, [step, queryClient, trpc]);
  if (data.error) return <p className="form-error" role="alert">{describe(data.error).message}</p>;
  if (!data.data) return null;
  const { list, committee, may } = data.data;
  const error = describe(submit.error ?? destroy.error);
  const count = (n: number) => digits(n.toLocaleString('th-TH'));
  return (
    <>
      <h1>{t('keeping.listTitle', { year: digits(list.year + 543) })}</h1>
      <section className="card" aria-labelledby="list-state">
        <h2 id="list-state">{t(`keeping.states.${list.state}`)}</h2>
        <p>{t('keeping.progress', { done: count(list.decidedCount), total: count(list.itemCount) })}</p>
        {(list.state === 'destroying' || list.state === 'done') && (
          <p role="status">{t('keeping.destroyedCount', { done: count(list.destroyedCount), total: count(list.itemCount) })}</p>
        )}
        {list.reviewReference && list.reviewDate && (
          <p>{t('keeping.reviewed', { reference: list.reviewReference, date: formatIsoDate(list.reviewDate, { thaiDigits }) })}</p>
        )}
        <div className="row">
          {list.documents && <a className="button secondary" href={`/api/disposal/${list.id}/pdf`} download>{t('keeping.downloadPdf')}</a>}
          {list.documents && <a className="button secondary" href={`/api/disposal/${list.id}/xlsx`} download>{t('keeping.downloadXlsx')}</a>}
        </div>
        {list.documentOfVersion < list.documentVersion && <p className="muted" role="status">{t('keeping.documentPending')}</p>}
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        {may.keep && list.state === 'decided' && (
          <div className="stack">
            <p className="muted">{t('keeping.submitHint')}</p>
            <p><button type="button" onClick={() => submit.mutate({ listId })} disabled={submit.isPending}>{t('keeping.submit')}</button></p>
          </div>
        )}
        {may.keep && list.state === 'submitted' && <ReviewForm listId={listId} onSaved={refresh} />}
        {may.keep && list.state === 'reviewed' && (
          <div className="stack">
            <p className="muted">{t('keeping.destroyHint')}</p>
            <div className="row">
              {!confirming
                ? <button type="button" className="danger" onClick={() => setConfirming(true)}>{t('keeping.destroy')}</button>
                : <button type="button" className="danger" onClick={() => destroy.mutate({ listId })} disabled={destroy.isPending}>{t('keeping.destroyConfirm')}</button>}
              {confirming && <button type="button" className="secondary" onClick={() => setConfirming(false)}>{t('keeping.cancel')}</button>}
            </div>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="committee-heading">
        <h2 id="committee-heading">{t('keeping.committee')}</h2>
        {committee.length === 0 ? <p className="empty">{t('keeping.noCommittee')}</p> : (
          <ul className="plain">
            {committee.map((m) => <li key={m.userId}>{m.role === 'chair' ? t('keeping.chair') : t('keeping.member')}: {m.name} {m.position && `(${m.position})`}</li>)}
          </ul>
        )}
        {may.appoint && list.state === 'prepared' && <AppointForm listId={listId} onSaved={refresh} />}
      </section>
      <Lines listId={listId} itemCount={list.itemCount} decide={may.decide && list.state === 'appointed'} onDecided={refresh} trpc={trpc} />
    </>
  );
}

function AppointForm({ listId, onSaved }: { listId: string; onSaved: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const people = useQuery(trpc.keeping.candidates.queryOptions());
  const appoint = useMutation(trpc.keeping.appoint.mutationOptions({ onSuccess: onSaved }));
  const [chair, setChair] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const error = describe(appoint.error);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    appoint.mutate({ listId, members: [...(chair ? [{ userId: chair, role: 'chair' as const }] : []), ...members.filter((m) => m !== chair).map((userId) => ({ userId, role: 'member' as const }))] });
  }
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={t('keeping.appoint')}>
      <h3>{t('keeping.appoint')}</h3>
      <p className="muted">{t('keeping.appointHint')}</p>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      <Field label={t('keeping.chair')}>
        <select value={chair} onChange={(e) => setChair(e.target.value)}>
          <option value="">{t('keeping.choose')}</option>
          {(people.data ?? []).map((p) => <option key={p.id} value={p.id}>{p.name} {p.position && `(${p.position})`}</option>)}
        </select>
      </Field>
      <fieldset>
        <legend>{t('keeping.members')}</legend>
        <div className="chips">
          {(people.data ?? []).filter((p) => p.id !== chair).map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={members.includes(p.id)}
                onChange={(e) => { const on = e.target.checked; setMembers((m) => (on ? [...m, p.id] : m.filter((x) => x !== p.id))); }} />
              {' '}{p.name}
            </label>
          ))}
        </div>
      </fieldset>
      <p><button type="submit" disabled={appoint.isPending}>{t('keeping.appoint')}</button></p>
    </form>
  );
}

function ReviewForm({ listId, onSaved }: { listId: string; onSaved: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const review = useMutation(trpc.keeping.review.mutationOptions({ onSuccess: onSaved }));
  const [problems, setProblems] = useState<{ date?: string; lines?: string }>({});
  const error = describe(review.error);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const date = parseBuddhistDate(String(f.get('reviewDate') ?? ''));
    const typed = toArabicDigits(String(f.get('keepLines') ?? '')).split(/[,\s]+/).filter(Boolean);
    const linesOk = typed.every((x) => /^\d+$/.test(x));
    setProblems({ date: date.ok ? undefined : t(`validation.${date.error}`), lines: linesOk ? undefined : t('keeping.keepLinesInvalid') });
    if (!date.ok || !linesOk) return;
    review.mutate({ listId, reference: String(f.get('reference') ?? ''), reviewDate: date.iso, note: String(f.get('note') ?? ''), keepLines: typed.map(Number) });
  }
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={t('keeping.review')}>
      <h3>{t('keeping.review')}</h3>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      <div className="row">
        <Field label={t('keeping.reviewReference')} error={error.fields.reference}><input name="reference" maxLength={200} /></Field>
        <Field label={t('keeping.reviewDate')} error={problems.date ?? error.fields.reviewDate} hint={t('keeping.dateHint')}><input name="reviewDate" inputMode="numeric" /></Field>
      </div>
      <Field label={t('keeping.keepLines')} error={problems.lines}><input name="keepLines" inputMode="numeric" /></Field>
      <Field label={t('keeping.reviewNote')}><textarea name="note" maxLength={2000} rows={2} /></Field>
      <p><button type="submit" disabled={review.isPending}>{t('keeping.review')}</button></p>
    </form>
  );
}

function Lines({ listId, itemCount, decide, onDecided, trpc }: { listId: string; itemCount: number; decide: boolean; onDecided: () => void; trpc: Trpc }) {
  const t = useTranslations();
  const describe = useAppError();
  const queryClient = useQueryClient();
  const [undecided, setUndecided] = useState(false);
  const [pages, setPages] = useState<number[]>([0]);
  const done = () => { onDecided(); void queryClient.invalidateQueries({ queryKey: trpc.keeping.items.pathKey() }); };
  const decideAll = useMutation(trpc.keeping.decide.mutationOptions({ onSuccess: done }));
  const error = describe(decideAll.error);
  return (
    <section className="card" aria-labelledby="lines-heading">
      <h2 id="lines-heading">{t('keeping.lines')}</h2>
      {itemCount === 0 ? <p className="empty">{t('keeping.emptyList')}</p> : (
        <>
          <div className="row" style={{ alignItems: 'center' }}>
            <label className="check"><input type="checkbox" checked={undecided} onChange={(e) => { setUndecided(e.target.checked); setPages([0]); }} /> {t('keeping.undecidedOnly')}</label>
            {decide && <button type="button" onClick={() => decideAll.mutate({ listId, lines: 'undecided', decision: 'destroy', keepUntil: null, reason: null })} disabled={decideAll.isPending}>{t('keeping.destroyAll')}</button>}
          </div>
          {error.message && <p className="form-error" role="alert">{error.message}</p>}
          <table className="list" data-testid="disposal-lines">
            <thead>
              <tr>
                {(['line', 'registerLine', 'documentNumber', 'letterDate', 'subject', 'consideration', 'remarks'] as const).map((c) => <th key={c}>{t(`keeping.columns.${c}`)}</th>)}
              </tr>
            </thead>
            {pages.map((after, i) => (
              <LinesPage key={`${undecided}-${after}`} listId={listId} after={after} undecided={undecided} decide={decide} last={i === pages.length - 1}
                onMore={(next) => setPages([...pages, next])} onDecided={done} trpc={trpc} />
            ))}
          </table>
        </>
      )}
    </section>
  );
}

function LinesPage({ listId, after, undecided, decide, last, onMore, onDecided, trpc }: {
  listId: string; after: number; undecided: boolean; decide: boolean; last: boolean; onMore: (next: number) => void; onDecided: () => void; trpc: Trpc;
}) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const digits = useDigits();
  const thaiDigits = useThaiDigits();
  const page = useQuery(trpc.keeping.items.queryOptions({ listId, after, undecided, limit: 50 }));
  const date = (iso: string) => formatIsoDate(iso, { locale, style: 'short', thaiDigits });
  return (
    <tbody>
      {(page.data?.items ?? []).map((i) => (
        <tr key={i.line}>
          <td>{digits(i.line)}</td>
          <td>{digits(i.registerLine)}</td>
          <td>{i.documentNumber}</td>
          <td>{/^\d{4}-\d{2}-\d{2}$/.test(i.letterDate) ? date(i.letterDate) : i.letterDate}</td>
          <td>{i.subject === '' ? t('keeping.classifiedSubject') : i.subject}</td>
          <td>
            {i.archivesKeep ? t('keeping.archivesKeep')
              : i.decision === 'destroy' ? t('keeping.destroyLine')
                : i.decision === 'keep' ? t('keeping.keepTo', { date: date(i.keepUntilNew!) })
                  : decide ? <DecideLine listId={listId} line={i.line} onDecided={onDecided} /> : t('keeping.undecided')}
          </td>
          <td>
            {i.destroyedAt ? t('keeping.destroyedOn', { date: formatDate(i.destroyedAt, { locale, style: 'short', thaiDigits }) })
              : i.skippedReason ? t(`keeping.skipped.${i.skippedReason as 'held' | 'in_use' | 'kept'}`) : (i.reason ?? '')}
          </td>
        </tr>
      ))}
      {last && page.data?.next && (
        <tr><td colSpan={7}><button type="button" className="secondary" onClick={() => onMore(page.data!.next!)}>{t('keeping.more')}</button></td></tr>
      )}
    </tbody>
  );
}

function DecideLine({ listId, line, onDecided }: { listId: string; line: number; onDecided: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const digits = useDigits();
  const decide = useMutation(trpc.keeping.decide.mutationOptions({ onSuccess: onDecided }));
  const [keeping, setKeeping] = useState(false);
  const [dateError, setDateError] = useState<string | null>(null);
  const error = describe(decide.error);
  if (!keeping) {
    return (
      <div className="row">
        <button type="button" className="secondary" aria-label={`${t('keeping.destroyLine')} ${t('keeping.columns.line')} ${digits(line)}`}
          onClick={() => decide.mutate({ listId, lines: [line], decision: 'destroy', keepUntil: null, reason: null })}>{t('keeping.destroyLine')}</button>
        <button type="button" className="secondary" aria-label={`${t('keeping.keepLine')} ${t('keeping.columns.line')} ${digits(line)}`} onClick={() => setKeeping(true)}>{t('keeping.keepLine')}</button>
        {error.message && <span className="error" role="alert">{error.message}</span>}
      </div>
    );
  }
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const date = parseBuddhistDate(String(f.get('keepUntil') ?? ''));
    setDateError(date.ok ? null : t(`validation.${date.error}`));
    if (!date.ok) return;
    decide.mutate({ listId, lines: [line], decision: 'keep', keepUntil: date.iso, reason: String(f.get('reason') ?? '') });
  }
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={`${t('keeping.keepLine')} ${digits(line)}`}>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      <Field label={t('keeping.keepUntilNew')} error={dateError ?? error.fields.keepUntil} hint={t('keeping.dateHint')}><input name="keepUntil" inputMode="numeric" /></Field>
      <Field label={t('keeping.reason')} error={error.fields.reason}><input name="reason" maxLength={1000} /></Field>
      <div className="row">
        <button type="submit" disabled={decide.isPending}>{t('keeping.save')}</button>
        <button type="button" className="secondary" onClick={() => setKeeping(false)}>{t('keeping.cancel')}</button>
      </div>
    </form>
  );
}
