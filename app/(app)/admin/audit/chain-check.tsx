'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate, toThaiDigits } from '@/server/shared/thai-date';

/**
 * Whether the agency's audit log is whole: the last verification of its hash chain (daily, or
 * now on request, in the background), with the entry where it breaks if it does.
 */
export function ChainCheck() {
  const t = useTranslations('admin.chain');
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const describe = useAppError();
  const agency = useQuery(trpc.agency.get.queryOptions());
  const check = useQuery({ ...trpc.audit.chain.queryOptions(), refetchInterval: 5_000 });
  // Waiting for a new result: the one shown when the check was asked for is still the last.
  const [asked, setAsked] = useState<{ before: string | null } | null>(null);
  const last = check.data;
  const run = useMutation(trpc.audit.checkChain.mutationOptions({ onSuccess: () => setAsked({ before: last ? String(last.checkedAt) : null }) }));
  const settings = agency.data?.settings;
  const when = (d: Date | string) => formatDate(d, { locale, withTime: true, style: 'short', thaiDigits: settings?.thaiDigits && locale === 'th' });
  const digits = (n: number | null) => (n === null ? '?' : settings?.thaiDigits && locale === 'th' ? toThaiDigits(String(n)) : String(n));
  const waiting = asked !== null && (last ? String(last.checkedAt) : null) === asked.before;
  const error = describe(run.error);
  return (
    <section className="card stack" aria-labelledby="chain-title" data-testid="chain-check">
      <h2 id="chain-title">{t('title')}</h2>
      <p className="muted">{t('explain')}</p>
      {!last ? <p>{t('never')}</p> : last.brokenReason
        ? <p className="form-error" role="alert">{t('broken', { seq: digits(last.brokenSeq), reason: t(`reasons.${last.brokenReason}` as never), date: when(last.checkedAt) })}</p>
        : <p className="form-ok">{t('whole', { entries: digits(last.entries), date: when(last.checkedAt) })}
          {last.headHash && <> <code>{last.headHash.slice(0, 16)}…</code></>}</p>}
      {waiting && <p role="status">{t('queued')}</p>}
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      <div className="row"><button type="button" className="secondary" disabled={run.isPending} onClick={() => run.mutate()}>{t('checkNow')}</button></div>
    </section>
  );
}
