'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { LetterMarks } from '@/app/_components/letter-marks';
import { useAppError } from '@/app/_components/use-app-error';
import { useSealedSubjects } from '@/app/_components/classified/use-sealed-subjects';
import { useTRPC } from '@/app/_trpc/react';
import { letterKinds, outgoingStates, secrecies, urgencies, type Secrecy, type Urgency } from '@/core/letters';
import type { SnippetPart } from '@/core/search-text';
import type { AgencySettings } from '@/core/settings';
import { parseBuddhistDate } from '@/server/shared/letter-date';
import { formatIsoDate } from '@/server/shared/thai-date';
import { useDigits } from '@/app/_components/digits';

const incomingStatuses = ['waiting', 'registered', 'routed', 'closed'] as const;
/** The filters kept in the address (a search can be bookmarked, shared and gone back to). */
const keys = ['q', 'way', 'kind', 'from', 'to', 'documentNumber', 'line', 'party', 'urgency', 'secrecy', 'status', 'registerId', 'unitId', 'routedTo', 'sort'] as const;
type Key = (typeof keys)[number];

/** A Buddhist-era date or year as typed, checked as the server will (a message at the field, not a round trip). */
function dateError(text: string): 'date_format' | 'date_looks_christian' | 'date_invalid' | null {
  const typed = text.trim();
  if (!typed) return null;
  if (/^[0-9๐-๙]{4}$/.test(typed)) return Number(typed.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))) < 2400 ? 'date_looks_christian' : null;
  const parsed = parseBuddhistDate(typed);
  return parsed.ok ? null : parsed.error;
}

function Marked({ parts }: { parts: SnippetPart[] }) {
  return <>{parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

export function SearchView({ settings, userId, cleared, keepsRegisters }: { settings: AgencySettings; userId: string; cleared: boolean; keepsRegisters: boolean }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const describe = useAppError();
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Key, string>>>({});
  const value = (k: Key) => params.get(k) ?? '';
  const asked = keys.some((k) => k !== 'sort' && value(k));
  const input = Object.fromEntries(keys.filter((k) => value(k)).map((k) => [k, value(k)])) as Record<string, string>;
  const results = useInfiniteQuery({
    ...trpc.search.letters.infiniteQueryOptions(input as never, { getNextPageParam: (page) => page.next }),
    enabled: asked,
    retry: false,
  });
  const units = useQuery(trpc.units.list.queryOptions());
  const registers = useQuery({ ...trpc.registry.registers.queryOptions(), enabled: keepsRegisters });
  const pages = results.data?.pages ?? [];
  const found = pages.flatMap((p) => p.results);
  const subjectOf = useSealedSubjects(found.map((r) => ({ id: r.id, subject: r.subject.map((p) => p.text).join(''), secrecy: r.secrecy })), t('classified.placeholder'));
  const digits = useDigits();
  const number = (n: number) => digits(n.toLocaleString(locale === 'th' ? 'th-TH' : 'en-GB'));
  const error = describe(results.error);
  const first = pages[0];

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of keys) {
      const v = String(form.get(k) ?? '').trim();
      if (v && !(k === 'sort' && v === 'relevance')) next.set(k, v);
    }
    const errors: Partial<Record<Key, string>> = {};
    for (const k of ['from', 'to'] as const) {
      const problem = dateError(next.get(k) ?? '');
      if (problem) errors[k] = t(`validation.${problem}`);
    }
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    router.push(`${pathname}?${next.toString()}`);
  }

  const select = (k: Key, options: ReadonlyArray<readonly [string, string]>) => (
    <select name={k} defaultValue={value(k)}>
      <option value="">{t('search.any')}</option>
      {options.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
    </select>
  );
  const moreOpen = keys.some((k) => k !== 'q' && k !== 'sort' && value(k));

  return (
    <>
      <form className="card stack" role="search" onSubmit={onSubmit} noValidate key={params.toString()}>
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <Field label={t('search.box')} hint={t('search.boxHint')}>
            <input name="q" type="search" defaultValue={value('q')} maxLength={200} autoFocus={!asked} />
          </Field>
          <Field label={t('search.sort')}>
            <select name="sort" defaultValue={value('sort') || 'relevance'}>
              <option value="relevance">{t('search.sortRelevance')}</option>
              <option value="newest">{t('search.sortNewest')}</option>
              <option value="oldest">{t('search.sortOldest')}</option>
            </select>
          </Field>
          <div className="row" style={{ flex: 'none', alignSelf: 'center' }}>
            <button type="submit">{t('search.submit')}</button>
            <Link href={pathname} className="button secondary">{t('search.clear')}</Link>
          </div>
        </div>
        <details open={moreOpen}>
          <summary>{t('search.more')}</summary>
          <div className="row" style={{ alignItems: 'flex-start' }}>
            <Field label={t('search.direction')}>{select('way', [['in', t('search.directionIn')], ['out', t('search.directionOut')]])}</Field>
            <Field label={t('search.kind')}>{select('kind', letterKinds.map((k) => [k, t(`outgoing.kinds.${k}`)] as const))}</Field>
            <Field label={t('search.from')} hint={t('search.dateHint')} error={fieldErrors.from}><input name="from" defaultValue={value('from')} inputMode="numeric" /></Field>
            <Field label={t('search.to')} hint={t('search.dateHint')} error={fieldErrors.to}><input name="to" defaultValue={value('to')} inputMode="numeric" /></Field>
            <Field label={t('search.documentNumber')} hint={t('search.documentNumberHint')}><input name="documentNumber" defaultValue={value('documentNumber')} maxLength={100} /></Field>
            <Field label={t('search.line')} hint={t('search.lineHint')}><input name="line" defaultValue={value('line')} inputMode="numeric" maxLength={20} /></Field>
            <Field label={t('search.party')} hint={t('search.partyHint')}><input name="party" defaultValue={value('party')} maxLength={200} /></Field>
            <Field label={t('letters.urgencyLabel')}>{select('urgency', urgencies.map((u) => [u, t(`letters.urgency.${u}`)] as const))}</Field>
            {cleared && <Field label={t('letters.secrecyLabel')}>{select('secrecy', secrecies.filter((s) => s !== 'top_secret').map((s) => [s, t(`letters.secrecy.${s}`)] as const))}</Field>}
            <Field label={t('search.status')}>{select('status', [
              ...incomingStatuses.map((s) => [s, `${t('search.incoming')}: ${t(`search.statuses.${s}`)}`] as const),
              ...outgoingStates.map((s) => [s, `${t('search.outgoing')}: ${t(`outgoing.states.${s}`)}`] as const),
            ])}</Field>
            {keepsRegisters && <Field label={t('search.register')}>{select('registerId', (registers.data ?? []).map((r) => [r.id, r.nameTh] as const))}</Field>}
            <Field label={t('search.unit')}>{select('unitId', (units.data ?? []).map((u) => [u.id, u.nameTh] as const))}</Field>
            <Field label={t('search.routedTo')}>{select('routedTo', [[userId, t('search.routedToMe')], ...(units.data ?? []).map((u) => [u.id, u.nameTh] as const)])}</Field>
          </div>
        </details>
      </form>
      {!asked && <p className="card muted">{t('search.start')}</p>}
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      {asked && results.isPending && <p className="muted" role="status">{t('search.loading')}</p>}
      {first && (
        <section className="card" aria-label={t('search.results')}>
          <p className="muted" role="status">
            {first.total === null ? null : first.exact ? t('search.found', { count: number(first.total) }) : t('search.foundAbout', { count: number(first.total) })}
          </p>
          {found.length === 0 ? <p className="empty">{t('search.none')}</p> : (
            <ol className="search-results">
              {found.map((r) => (
                <li key={r.id}>
                  <div className="row" style={{ gap: '0.5rem', alignItems: 'baseline' }}>
                    <LetterMarks urgency={r.urgency as Urgency} secrecy={r.secrecy as Secrecy} />
                    <Link href={r.direction === 'in' ? `/letters/${r.id}` : `/outgoing/${r.id}`} className="result-subject">
                      {r.subject.some((p) => p.text) ? <Marked parts={r.subject} /> : subjectOf({ id: r.id, subject: '' })}
                    </Link>
                  </div>
                  <div className="muted result-meta">
                    <span>{r.direction === 'in' ? t('search.incoming') : r.kind ? t(`outgoing.kinds.${r.kind}` as never) : t('search.outgoing')}</span>
                    {r.documentNumber && <span>{t('letters.documentNumber')} {r.documentNumber}</span>}
                    <span>{t('letters.letterDate')} {formatIsoDate(r.letterDate, { locale, style: 'short', thaiDigits: settings.thaiDigits })}</span>
                    {r.lines.length > 0 && <span>{t('search.lines', { lines: digits(r.lines.join(', ')) })}</span>}
                    <span>{r.direction === 'in' ? t(`search.statuses.${r.status}` as never) : t(`outgoing.states.${r.status}` as never)}</span>
                  </div>
                  {r.parties.some((p) => p.text) && <div className="result-parties"><Marked parts={r.parties} /></div>}
                  {r.snippet && <p className="result-snippet"><Marked parts={r.snippet} /></p>}
                </li>
              ))}
            </ol>
          )}
          {results.hasNextPage && (
            <div className="row" style={{ justifyContent: 'center' }}>
              <button type="button" className="secondary" onClick={() => void results.fetchNextPage()} disabled={results.isFetchingNextPage}>
                {results.isFetchingNextPage ? t('search.loading') : t('search.showMore')}
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}
