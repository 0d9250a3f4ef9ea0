'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { formatIsoDate, formatTime } from '@/server/shared/thai-date';
import { useDigits } from '@/app/_components/digits';

const thisMonth = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
/** This year and the four before it (CE; shown in the Buddhist era). */
const years = () => Array.from({ length: 5 }, (_, i) => Number(thisMonth().slice(0, 4)) - i);

/** The monthly compliance report of the twice-daily inbox check: every working day, who checked and when. */
export function ChecksReport({ settings, agencyName }: { settings: AgencySettings; agencyName: string }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const [month, setMonth] = useState(thisMonth);
  const report = useQuery(trpc.registry.checkReport.queryOptions({ month }));
  const digits = useDigits();
  const cell = (c: { userName: string; checkedAt: Date | string } | null, judged: boolean) => c
    ? `${formatTime(c.checkedAt, { thaiDigits: settings.thaiDigits && locale === 'th' })} ${c.userName}`
    : judged ? t('checks.missed') : '—';
  const days = report.data?.days ?? [];
  const working = days.filter((d) => d.working && d.judged);
  return (
    <section className="card">
      <div className="row no-print">
        <label className="field" style={{ flex: '0 0 12rem' }}>
          <span>{t('checks.month')}</span>
          <select value={month.slice(5)} onChange={(e) => setMonth(`${month.slice(0, 4)}-${e.target.value}`)}>
            {Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).map((m) => (
              <option key={m} value={m}>{new Intl.DateTimeFormat(locale === 'th' ? 'th-TH' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(`2000-${m}-15T00:00:00Z`))}</option>
            ))}
          </select>
        </label>
        <label className="field" style={{ flex: '0 0 8rem' }}>
          <span>{t('registers.year')}</span>
          <select value={month.slice(0, 4)} onChange={(e) => setMonth(`${e.target.value}-${month.slice(5)}`)}>
            {years().map((y) => <option key={y} value={y}>{digits(String(y + 543))}</option>)}
          </select>
        </label>
        <div style={{ flex: 'none', alignSelf: 'end' }}><button type="button" onClick={() => window.print()}>{t('registers.print')}</button></div>
      </div>
      <p>
        {agencyName} · {report.data && t('checks.deadlines', { morning: digits(report.data.settings.morning), afternoon: digits(report.data.settings.afternoon) })}
        {' · '}<strong data-testid="checks-summary">{t('checks.summary', { complete: digits(String(working.filter((d) => d.complete).length)), days: digits(String(working.length)) })}</strong>
      </p>
      <div className="table-wrap">
        <table className="list">
          <thead><tr><th>{t('checks.date')}</th><th>{t('checks.morning')}</th><th>{t('checks.afternoon')}</th><th>{t('checks.result')}</th></tr></thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date} className={d.working ? undefined : 'done'}>
                <td style={{ whiteSpace: 'nowrap' }}>{formatIsoDate(d.date, { locale, style: 'short', thaiDigits: settings.thaiDigits })}</td>
                {d.working ? (<>
                  <td>{cell(d.morning, d.judged || d.afternoon !== null)}</td>
                  <td>{cell(d.afternoon, d.judged)}</td>
                  <td>{!d.judged ? '' : d.complete ? t('checks.complete') : <span className="mark">{t('checks.incomplete')}</span>}</td>
                </>) : <td colSpan={3} className="muted">{t('checks.holiday')}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
