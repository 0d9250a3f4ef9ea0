'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'use-intl';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate } from '@/server/shared/thai-date';

/**
 * Whether the agency's audit log is whole: the last verification of its hash chain (daily, or
 * now on request, in the background), with the entry where it breaks if it does.
 */
export function ChainCheck() {
  const t = useTranslations('admin.chain');
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const describe = useAppError();
  const check = useQuery({ ...trpc.audit.chain.queryOptions(), refetchInterval: 5_000 });
  const run = useMutation(trpc.audit.checkChain.mutationOptions());
  const last = check.data;
  const error = describe(run.error);
  return (
    <section className="card stack" aria-labelledby="chain-title" data-testid="chain-check">
      <h2 id="chain-title">{t('title')}</h2>
      <p className="muted">{t('explain')}</p>
      {!last ? <p>{t('never')}</p> : last.brokenReason
        ? <p className="form-error" role="alert">{t('broken', { seq: String(last.brokenSeq ?? '?'), reason: t(`reasons.${last.brokenReason}` as never), date: formatDate(last.checkedAt, { locale, withTime: true }) })}</p>
        : <p className="form-ok">{t('whole', { entries: String(last.entries), date: formatDate(last.checkedAt, { locale, withTime: true }) })}
          {last.headHash && <> <code>{last.headHash.slice(0, 16)}…</code></>}</p>}
      {run.isSuccess && <p role="status">{t('queued')}</p>}
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      <div className="row"><button type="button" className="secondary" disabled={run.isPending} onClick={() => run.mutate()}>{t('checkNow')}</button></div>
    </section>
  );
}
