'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useDigits, useThaiDigits } from '@/app/_components/digits';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { retentionClasses, type RetentionClass } from '@/core/keeping';
import { letterKinds, registerKinds, type LetterKind, type RegisterKind } from '@/core/letters';
import { toArabicDigits, todayInBangkok } from '@/server/shared/letter-date';
import { formatDate, formatIsoDate } from '@/server/shared/thai-date';

/** While a list is being prepared, the lists are asked again this often. */
const POLL_MS = 1500;

/** The keeping area: the yearly disposal lists, the letters on hold, and the agency's retention rules. */
export function KeepingView({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const roles = useQuery(trpc.keeping.roles.queryOptions());
  const keeper = roles.data?.keeper ?? false;
  const t = useTranslations();
  return (
    <>
      <DisposalLists keeper={keeper} />
      {keeper && <Holds />}
      {keeper && <Transfers />}
      {keeper && <Rules editable={isAdmin} />}
      {isAdmin && <p><Link className="button secondary" href="/keeping/import">{t('keeping.import.link')}</Link></p>}
    </>
  );
}

function DisposalLists({ keeper }: { keeper: boolean }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const digits = useDigits();
  const thaiDigits = useThaiDigits();
  const [waitingFor, setWaitingFor] = useState<number | null>(null);
  const lists = useQuery({
    ...trpc.keeping.lists.queryOptions(),
    refetchInterval: (q) => (waitingFor !== null && !q.state.data?.some((l) => l.year === waitingFor) ? POLL_MS : false),
  });
  const prepare = useMutation(trpc.keeping.prepare.mutationOptions({
    onSuccess: (_d, input) => { setWaitingFor(input.year); void queryClient.invalidateQueries({ queryKey: trpc.keeping.lists.queryKey() }); },
  }));
  const [yearError, setYearError] = useState<string | null>(null);
  const error = describe(prepare.error);
  const lastYearBe = Number(todayInBangkok().slice(0, 4)) + 542;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const typed = toArabicDigits(String(new FormData(e.currentTarget).get('year') ?? '')).trim();
    const ok = /^\d{4}$/.test(typed) && Number(typed) >= 2400;
    setYearError(ok ? null : t('keeping.yearInvalid'));
    if (ok) prepare.mutate({ year: Number(typed) - 543 });
  }

  const items = lists.data ?? [];
  const pending = waitingFor !== null && !items.some((l) => l.year === waitingFor);
  return (
    <section className="card" aria-labelledby="lists-heading">
      <h2 id="lists-heading">{t('keeping.lists')}</h2>
      {items.length === 0 ? <p className="empty">{t('keeping.noLists')}</p> : (
        <table className="list">
          <thead><tr><th>{t('keeping.year')}</th><th>{t('keeping.state')}</th><th>{t('keeping.items')}</th><th>{t('keeping.preparedAt')}</th></tr></thead>
          <tbody>
            {items.map((l) => (
              <tr key={l.id}>
                <td><Link href={`/keeping/${l.id}`}>{t('keeping.listTitle', { year: digits(l.year + 543) })}</Link></td>
                <td>{t(`keeping.states.${l.state}`)}</td>
                <td>{digits(l.itemCount.toLocaleString(locale === 'th' ? 'th-TH' : 'en-GB'))}</td>
                <td>{formatDate(l.preparedAt, { locale, style: 'short', thaiDigits })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {keeper && (
        <form className="row" onSubmit={submit} noValidate aria-label={t('keeping.prepare')} style={{ alignItems: 'flex-end', marginTop: '1rem' }}>
          <Field label={t('keeping.year')} error={yearError ?? error.message ?? undefined} hint={t('keeping.prepareHint')}>
            <input name="year" inputMode="numeric" defaultValue={digits(lastYearBe)} maxLength={4} />
          </Field>
          <button type="submit" disabled={prepare.isPending || pending}>{t('keeping.prepare')}</button>
        </form>
      )}
      {pending && <p role="status">{t('keeping.preparing')}</p>}
    </section>
  );
}

function Holds() {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const thaiDigits = useThaiDigits();
  const [pages, setPages] = useState<Array<string | null>>([null]);
  return (
    <section className="card" aria-labelledby="holds-heading">
      <h2 id="holds-heading">{t('keeping.holds')}</h2>
      {pages.map((before, i) => (
        <HoldsPage key={before ?? 'first'} before={before} first={i === 0} last={i === pages.length - 1} locale={locale} thaiDigits={thaiDigits}
          onMore={(next) => setPages([...pages, next])} t={t} trpc={trpc} />
      ))}
    </section>
  );
}

function HoldsPage({ before, first, last, locale, thaiDigits, onMore, t, trpc }: {
  before: string | null; first: boolean; last: boolean; locale: 'th' | 'en'; thaiDigits: boolean; onMore: (next: string) => void;
  t: ReturnType<typeof useTranslations>; trpc: ReturnType<typeof useTRPC>;
}) {
  const page = useQuery(trpc.keeping.holds.queryOptions({ before }));
  const items = page.data?.items ?? [];
  if (first && page.data && items.length === 0) return <p className="empty">{t('keeping.noHolds')}</p>;
  return (
    <>
      {items.length > 0 && (
        <table className="list">
          {first && <thead><tr><th>{t('keeping.letter')}</th><th>{t('keeping.reason')}</th><th>{t('keeping.heldBy')}</th><th>{t('keeping.since')}</th></tr></thead>}
          <tbody>
            {items.map((h) => (
              <tr key={h.letterId}>
                <td>
                  <Link href={h.direction === 'incoming' ? `/letters/${h.letterId}` : `/outgoing/${h.letterId}`}>
                    {h.documentNumber ?? '—'} {h.secrecy && h.secrecy !== 'normal' ? t('keeping.classifiedSubject') : (h.subject ?? '')}
                  </Link>
                </td>
                <td>{h.heldReason}</td>
                <td>{h.heldByName}</td>
                <td>{h.heldAt ? formatDate(h.heldAt, { locale, style: 'short', thaiDigits }) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {last && page.data?.next && <button type="button" className="secondary" onClick={() => onMore(page.data!.next!)}>{t('keeping.more')}</button>}
    </>
  );
}

type RuleDraft = { retentionClass: RetentionClass; direction: 'incoming' | 'outgoing' | null; letterKind: LetterKind | null; registerKind: RegisterKind | null; unitId: string | null; keywords: string };

function Rules({ editable }: { editable: boolean }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const digits = useDigits();
  const rules = useQuery(trpc.keeping.rules.queryOptions());
  const units = useQuery(trpc.units.list.queryOptions());
  const [draft, setDraft] = useState<RuleDraft[] | null>(null);
  const save = useMutation(trpc.keeping.saveRules.mutationOptions({
    onSuccess: () => { setDraft(null); void queryClient.invalidateQueries({ queryKey: trpc.keeping.rules.queryKey() }); },
  }));
  const error = describe(save.error);
  const shown: RuleDraft[] = draft ?? (rules.data ?? []).map((r) => ({
    retentionClass: r.retentionClass, direction: r.direction, letterKind: r.letterKind as LetterKind | null, registerKind: r.registerKind as RegisterKind | null,
    unitId: r.unitId, keywords: r.keywords.join(', '),
  }));
  const edit = (i: number, patch: Partial<RuleDraft>) => setDraft(shown.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const orNull = <T extends string>(v: string) => (v === '' ? null : (v as T));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ rules: shown.map((r) => ({ ...r, keywords: r.keywords.split(/[,，]/).map((k) => k.trim()).filter(Boolean) })) });
  }

  return (
    <section className="card" aria-labelledby="rules-heading">
      <h2 id="rules-heading">{t('keeping.rules')}</h2>
      <p className="muted">{t('keeping.rulesHint')}</p>
      {shown.length === 0 && <p className="empty">{t('keeping.noRules')}</p>}
      <form className="stack" onSubmit={submit} noValidate aria-label={t('keeping.rules')}>
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        {save.isSuccess && !draft && <p className="form-ok" role="status">{t('keeping.saved')}</p>}
        {shown.map((r, i) => (
          <fieldset key={i} className="row" disabled={!editable}>
            <legend>{t('keeping.ruleN', { n: digits(i + 1) })}</legend>
            <Field label={t('keeping.class')}>
              <select value={r.retentionClass} onChange={(e) => edit(i, { retentionClass: e.target.value as RetentionClass })}>
                {retentionClasses.map((c) => <option key={c} value={c}>{t(`keeping.classes.${c}`)}</option>)}
              </select>
            </Field>
            <Field label={t('keeping.direction')}>
              <select value={r.direction ?? ''} onChange={(e) => edit(i, { direction: orNull<'incoming' | 'outgoing'>(e.target.value) })}>
                <option value="">{t('keeping.directions.any')}</option>
                <option value="incoming">{t('keeping.directions.incoming')}</option>
                <option value="outgoing">{t('keeping.directions.outgoing')}</option>
              </select>
            </Field>
            <Field label={t('keeping.letterKind')}>
              <select value={r.letterKind ?? ''} onChange={(e) => edit(i, { letterKind: orNull<LetterKind>(e.target.value) })}>
                <option value="">{t('keeping.any')}</option>
                {letterKinds.map((k) => <option key={k} value={k}>{t(`outgoing.kinds.${k}`)}</option>)}
              </select>
            </Field>
            <Field label={t('keeping.registerKind')}>
              <select value={r.registerKind ?? ''} onChange={(e) => edit(i, { registerKind: orNull<RegisterKind>(e.target.value) })}>
                <option value="">{t('keeping.any')}</option>
                {registerKinds.map((k) => <option key={k} value={k}>{t(`keeping.registerKinds.${k}`)}</option>)}
              </select>
            </Field>
            <Field label={t('keeping.unit')}>
              <select value={r.unitId ?? ''} onChange={(e) => edit(i, { unitId: orNull(e.target.value) })}>
                <option value="">{t('keeping.any')}</option>
                {(units.data ?? []).map((u) => <option key={u.id} value={u.id}>{u.nameTh}</option>)}
              </select>
            </Field>
            <Field label={t('keeping.keywords')}>
              <input value={r.keywords} onChange={(e) => edit(i, { keywords: e.target.value })} maxLength={1000} />
            </Field>
            {editable && <button type="button" className="secondary" onClick={() => setDraft(shown.filter((_, j) => j !== i))}>{t('keeping.removeRule', { n: digits(i + 1) })}</button>}
          </fieldset>
        ))}
        {editable && (
          <div className="row">
            <button type="button" className="secondary" onClick={() => setDraft([...shown, { retentionClass: 'standard', direction: null, letterKind: null, registerKind: null, unitId: null, keywords: '' }])}>
              {t('keeping.addRule')}
            </button>
            <button type="submit" disabled={save.isPending || draft === null}>{t('keeping.saveRules')}</button>
          </div>
        )}
      </form>
    </section>
  );
}

function Transfers() {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const digits = useDigits();
  const thaiDigits = useThaiDigits();
  const list = useQuery({
    ...trpc.keeping.transfers.queryOptions({ after: null }),
    refetchInterval: (q) => (q.state.data?.transfers.some((x) => x.state === 'queued' || x.state === 'running') ? POLL_MS : false),
  });
  const start = useMutation(trpc.keeping.startTransfer.mutationOptions({
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.keeping.transfers.pathKey() }),
  }));
  const error = describe(start.error);
  if (!list.data) return null;
  const { cutoff, items, transfers } = list.data;
  const date = (iso: string) => formatIsoDate(iso, { locale, style: 'short', thaiDigits });
  return (
    <section className="card" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">{t('keeping.transfer.title')}</h2>
      <p className="muted">{t('keeping.transfer.hint', { date: date(cutoff) })}</p>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      {items.length === 0 ? <p className="empty">{t('keeping.transfer.none')}</p> : (
        <>
          <table className="list">
            <thead><tr><th>{t('keeping.columns.registerLine')}</th><th>{t('keeping.columns.documentNumber')}</th><th>{t('keeping.columns.subject')}</th><th>{t('keeping.transfer.keptFrom')}</th></tr></thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.letterId}>
                  <td>{digits(i.registerLine)}</td><td>{i.documentNumber}</td>
                  <td>{i.subject === '' ? t('keeping.classifiedSubject') : i.subject}</td><td>{date(i.keptFrom)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p><button type="button" onClick={() => start.mutate()} disabled={start.isPending}>{t('keeping.transfer.start')}</button></p>
        </>
      )}
      {transfers.length > 0 && (
        <>
          <h3>{t('keeping.transfer.made')}</h3>
          <ul className="plain">
            {transfers.map((x) => (
              <li key={x.id}>
                {formatDate(x.createdAt, { locale, style: 'short', withTime: true, thaiDigits })}{' — '}
                {x.state === 'ready' ? <a href={`/api/transfers/${x.id}`} download>{t('keeping.transfer.download', { letters: digits(x.letters) })}</a> : t(`keeping.transfer.states.${x.state}`)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
