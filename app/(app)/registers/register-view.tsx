'use client';

import Link from 'next/link';
import { urgencies, type Urgency } from '@/core/letters';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { LetterMarks } from '@/app/_components/letter-marks';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { parseBuddhistDate } from '@/server/shared/letter-date';
import { buddhistYear, formatDate, formatIsoDate } from '@/server/shared/thai-date';
import { useSealedSubjects } from '@/app/_components/classified/use-sealed-subjects';
import { RegisterExports } from './register-exports';
import { useDigits } from '@/app/_components/digits';

/** ทะเบียนหนังสือรับ on screen and on paper (print: A4 landscape), per year or per day. */
export function RegisterView({ settings, agencyName }: { settings: AgencySettings; agencyName: string }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const registers = useQuery(trpc.registry.registers.queryOptions());
  const [filter, setFilter] = useState<{ registerId: string | null; yearBe: number; day?: string; until?: string; text?: string; urgency?: Urgency }>({ registerId: null, yearBe: buddhistYear(new Date()) });
  const [untilError, setUntilError] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string>('');
  const [dayError, setDayError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<number | null>(null);
  const registerId = filter.registerId ?? registers.data?.find((r) => !unitId || r.unitId === unitId)?.id ?? null;
  // One page at a time (keyset by line number): a year of any length opens at once.
  const entries = useInfiniteQuery({
    ...trpc.registry.entries.infiniteQueryOptions(
      { registerId: registerId ?? '', yearBe: filter.yearBe, day: filter.day, until: filter.until, text: filter.text, urgency: filter.urgency },
      { getNextPageParam: (page) => page.next },
    ),
    enabled: !!registerId,
  });
  const cancel = useMutation(trpc.registry.cancel.mutationOptions({
    onSuccess: () => { setCancelling(null); void queryClient.invalidateQueries({ queryKey: trpc.registry.pathKey() }); },
  }));
  const pages = entries.data?.pages ?? [];
  const lines = pages.flatMap((p) => p.entries);
  const subjectOf = useSealedSubjects(lines.map((e) => ({ id: e.letterId, subject: e.subject, secrecy: e.secrecy })), t('classified.placeholder'));
  const digits = useDigits();
  const fmt = (d: Date | string) => formatDate(d, { locale, style: 'short', thaiDigits: settings.thaiDigits });

  function onFilter(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const dayText = String(f.get('day') ?? '').trim();
    const day = dayText ? parseBuddhistDate(dayText) : null;
    const untilText = String(f.get('until') ?? '').trim();
    const until = untilText ? parseBuddhistDate(untilText) : null;
    setDayError(day && !day.ok ? t(`validation.${day.error}`) : until && !day ? t('validation.required') : null);
    setUntilError(until && !until.ok ? t(`validation.${until.error}`) : until?.ok && day?.ok && until.iso < day.iso ? t('errors.search_dates_inverted') : null);
    if ((day && !day.ok) || (until && !until.ok) || (until && !day) || (until?.ok && day?.ok && until.iso < day.iso)) return;
    const text = String(f.get('text') ?? '').trim();
    const urgency = String(f.get('urgency') ?? '') as Urgency | '';
    setFilter({ registerId: String(f.get('registerId') ?? '') || null, yearBe: Number(f.get('yearBe')), day: day?.ok ? day.iso : undefined, until: until?.ok ? until.iso : undefined, text: text || undefined, urgency: urgency || undefined });
  }

  // Registers of several units (a person in more than one, or the central registry's send registers): chosen by unit, each named for its unit.
  const units = [...new Map((registers.data ?? []).map((r) => [r.unitId, { id: r.unitId, name: r.unitName }])).values()];
  const shownRegisters = (registers.data ?? []).filter((r) => !unitId || r.unitId === unitId);
  const registerName = (r: { nameTh: string; unitName: string }) => (units.length > 1 ? `${r.nameTh} — ${r.unitName}` : r.nameTh);

  if (registers.data && registers.data.length === 0) return <p className="card empty">{t('registers.none')}</p>;
  const data = pages[0] ? { ...pages[0], entries: lines, next: pages.at(-1)!.next } : undefined;
  const cancelError = describe(cancel.error);
  const entriesError = describe(entries.error);

  return (
    <>
      <form className="card row no-print" onSubmit={onFilter} noValidate style={{ alignItems: 'flex-end' }}>
        {units.length > 1 && (
          <Field label={t('registers.unit')}>
            <select value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              <option value="">{t('registers.allUnits')}</option>
              {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </Field>
        )}
        <Field label={t('registers.register')}>
          <select name="registerId" key={unitId} defaultValue={shownRegisters.some((r) => r.id === registerId) ? registerId ?? '' : shownRegisters[0]?.id ?? ''}>
            {shownRegisters.map((r) => <option key={r.id} value={r.id}>{registerName(r)}</option>)}
          </select>
        </Field>
        <Field label={t('registers.year')}><input name="yearBe" defaultValue={filter.yearBe} inputMode="numeric" /></Field>
        <Field label={t('registers.day')} hint={t('registers.dayHint')} error={dayError ?? undefined}><input name="day" inputMode="numeric" /></Field>
        <Field label={t('registers.until')} hint={t('registers.untilHint')} error={untilError ?? undefined}><input name="until" inputMode="numeric" /></Field>
        <Field label={t('registers.text')} hint={t('registers.textHint')}><input name="text" type="search" /></Field>
        <Field label={t('letters.urgencyLabel')}>
          <select name="urgency" defaultValue="">
            <option value="">{t('registers.all')}</option>
            {urgencies.map((u) => <option key={u} value={u}>{t(`letters.urgency.${u}`)}</option>)}
          </select>
        </Field>
        <div className="row" style={{ flex: 'none' }}>
          <button type="submit">{t('registers.show')}</button>
          <button type="button" className="secondary" onClick={() => window.print()}>{t('registers.print')}</button>
        </div>
      </form>
      <RegisterExports thaiDigits={settings.thaiDigits}
        filter={registerId ? { registerId, yearBe: filter.yearBe, day: filter.day, until: filter.until, text: filter.text, urgency: filter.urgency } : null} />
      {entriesError.message && <p className="form-error" role="alert">{entriesError.message}</p>}
      {data && (
        <section className="card">
          <h2 style={{ textAlign: 'center' }}>
            {t('registers.heading', { name: [data.register.nameTh, data.register.unitName].filter(Boolean).join(' '), year: digits(String(data.yearBe)) })}
            <div className="muted" style={{ fontSize: '1rem' }}>
              {agencyName}{filter.day ? ` · ${formatIsoDate(filter.day, { locale, style: 'short', thaiDigits: settings.thaiDigits })}` : ''}
              {filter.until && filter.until !== filter.day ? ` – ${formatIsoDate(filter.until, { locale, style: 'short', thaiDigits: settings.thaiDigits })}` : ''}
            </div>
          </h2>
          <p className="muted no-print" role="status">{t('registers.count', { shown: digits(lines.length.toLocaleString(locale === 'th' ? 'th-TH' : 'en-GB')), total: digits(data.total.toLocaleString(locale === 'th' ? 'th-TH' : 'en-GB')) })}</p>
          {cancelError.message && <p className="form-error" role="alert">{cancelError.message}</p>}
          {data.entries.length === 0 ? <p className="empty">{data.next === null ? t('registers.empty') : t('registers.notYet')}</p> : (
            <div className="table-wrap">
              <table className="list register">
                <thead>
                  <tr>
                    <th>{data.register.kind === 'receive' ? t('registers.number') : t('registers.sendNumber')}</th><th>{t('letters.documentNumber')}</th><th>{t('letters.letterDate')}</th>
                    <th>{t('letters.from')}</th><th>{t('letters.to')}</th><th>{t('letters.subject')}</th>
                    <th>{t('registers.actions')}</th><th>{t('letters.remarks')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => (
                    <tr key={e.number} style={e.cancelledAt ? { textDecoration: 'line-through', color: 'var(--muted)' } : undefined}>
                      <td>{digits(String(e.number))}</td>
                      <td style={{ whiteSpace: 'nowrap' }}>{e.documentNumber}</td>
                      <td style={{ whiteSpace: 'nowrap' }}>{e.letterDate && formatIsoDate(e.letterDate, { locale, style: 'short', thaiDigits: settings.thaiDigits })}</td>
                      <td>{e.fromText}</td>
                      <td>{e.toText}</td>
                      <td><LetterMarks urgency={e.urgency} secrecy={e.secrecy} /> <Link href={data.register.kind === 'receive' ? `/letters/${e.letterId}` : `/outgoing/${e.letterId}`}>{subjectOf({ id: e.letterId, subject: e.subject })}</Link></td>
                      <td>{e.actions}<div className="muted">{fmt(e.registeredAt)}</div></td>
                      <td>
                        {e.cancelledAt ? t('registers.cancelled', { reason: e.cancelReason ?? '' }) : e.remarks}
                        {e.keeping && !e.cancelledAt && (
                          <div className="muted" data-testid="line-keeping">
                            {e.keeping.destroyed ? t('keeping.lineDestroyed') : e.keeping.keepUntil
                              ? t('keeping.lineKeepUntil', { date: formatIsoDate(e.keeping.keepUntil, { locale, style: 'short', thaiDigits: settings.thaiDigits }) })
                              : t(`keeping.lineClass.${e.keeping.retentionClass as 'permanent' | 'secret' | 'legal'}`)}
                            {e.keeping.held && ` · ${t('keeping.lineHeld')}`}
                          </div>
                        )}
                        {data.register.kind === 'receive' && !e.cancelledAt && cancelling !== e.number && (
                          <button type="button" className="secondary no-print" onClick={() => { cancel.reset(); setCancelling(e.number); }}>{t('registers.cancel')}</button>
                        )}
                        {cancelling === e.number && (
                          <form className="stack no-print" onSubmit={(ev) => {
                            ev.preventDefault();
                            const reason = String(new FormData(ev.currentTarget).get('reason') ?? '');
                            cancel.mutate({ registerId: data.register.id, year: data.yearBe - 543, number: e.number, reason });
                          }}>
                            <Field label={t('registers.cancelReason')} error={cancelError.fields.reason}><input name="reason" /></Field>
                            <button type="submit" className="danger" disabled={cancel.isPending}>{t('registers.confirmCancel')}</button>
                          </form>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data.next !== null && (
            <div className="row no-print" style={{ justifyContent: 'center', alignItems: 'center' }}>
              {(filter.text || filter.day || filter.urgency) && <span className="muted">{t('registers.searchedTo', { number: digits(data.next.toLocaleString(locale === 'th' ? 'th-TH' : 'en-GB')) })}</span>}
              <button type="button" className="secondary" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
                {entries.isFetchingNextPage ? t('registers.loadingMore') : (filter.text || filter.day || filter.urgency) ? t('registers.searchOn') : t('registers.showMore')}
              </button>
            </div>
          )}
        </section>
      )}
    </>
  );
}
