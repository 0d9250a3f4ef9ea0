'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { useDigits, useThaiDigits } from '@/app/_components/digits';
import { useAppError, useStoredError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate } from '@/server/shared/thai-date';

type After = { takenAt: string; arrivalId: string } | null;

/** Letters pulled from the exchange and kept that are not in the waiting list yet: why, and a retry once the job has given up. */
export function KeptArrivals() {
  const t = useTranslations('exchangeAdmin');
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const stored = useStoredError();
  const [after, setAfter] = useState<After>(null);
  const list = useQuery(trpc.exchange.keptArrivals.queryOptions({ after }));
  const retry = useMutation(trpc.exchange.retryArrival.mutationOptions({
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.exchange.keptArrivals.queryKey() }),
  }));
  const digits = useDigits();
  const thaiDigits = useThaiDigits();
  const when = (d: string | Date) => formatDate(d, { locale, withTime: true, style: 'short', thaiDigits });
  const items = list.data?.items ?? [];
  const last = items.at(-1);
  return (
    <section className="card stack" aria-labelledby="exchange-kept">
      <h2 id="exchange-kept">{t('kept')}</h2>
      <p className="muted">{t('keptHelp', { hours: digits(16) })}</p>
      {retry.error && <p className="form-error" role="alert">{describe(retry.error).message}</p>}
      {retry.isSuccess && <p className="form-ok" role="status">{t('keptRetried')}</p>}
      {list.data && items.length === 0 && !after && <p>{t('keptNone')}</p>}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t('keptAt')}</th><th scope="col">{t('keptFrom')}</th><th scope="col">{t('keptMessage')}</th>
                <th scope="col">{t('keptState')}</th><th scope="col">{t('keptTries')}</th><th scope="col">{t('keptReason')}</th><th scope="col"><span className="sr-only">{t('keptRetry')}</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{when(item.takenAt)}</td>
                  <td>{item.senderId ?? '–'}</td>
                  <td style={{ overflowWrap: 'anywhere', minWidth: '16ch' }}>{item.messageId ?? item.processId}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>{item.givenUp ? t('keptGivenUp') : item.attempts > 0 ? t('keptRetrying') : t('keptWaiting')}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>{t('keptTimes', { count: digits(item.attempts) })}</td>
                  <td style={{ minWidth: '24ch' }}>{item.lastError ? stored(item.lastError) : '–'}</td>
                  <td>
                    {item.givenUp && (
                      <button type="button" className="secondary" style={{ whiteSpace: 'nowrap' }} disabled={retry.isPending} onClick={() => retry.mutate({ arrivalId: item.id })}>{t('keptRetry')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(after || list.data?.more) && (
        <div className="row">
          {after && <button type="button" className="secondary" onClick={() => setAfter(null)}>{t('keptFirst')}</button>}
          {list.data?.more && last && (
            <button type="button" className="secondary" onClick={() => setAfter({ takenAt: new Date(last.takenAt).toISOString(), arrivalId: last.id })}>{t('keptNext')}</button>
          )}
        </div>
      )}
    </section>
  );
}
