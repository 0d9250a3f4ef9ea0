'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate } from '@/server/shared/thai-date';

/** Pending requests to raise a clearance: the head of agency or the classified-documents registrar approves or refuses each. */
export function ClearanceRequests() {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const describe = useAppError();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.people.clearanceRequests.queryOptions());
  const decide = useMutation(trpc.people.decideClearance.mutationOptions({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.people.clearanceRequests.queryKey() }),
  }));
  const [reasons, setReasons] = useState<Record<string, string>>({});

  if (list.error) return <p className="form-error" role="alert">{describe(list.error).message}</p>;
  if (!list.data) return <p className="muted">…</p>;
  const { mayApprove, requests } = list.data;
  const level = (clearance: string, appointed: boolean) =>
    `${t(`clearance.${clearance}` as never)}${appointed ? ` · ${t('clearanceRequests.appointed')}` : ''}`;
  return (
    <section className="card stack">
      {decide.error && <p className="form-error" role="alert">{describe(decide.error).message}</p>}
      {decide.isSuccess && <p className="form-ok" role="status">{t(decide.data.state === 'approved' ? 'clearanceRequests.approved' : 'clearanceRequests.rejected')}</p>}
      {!mayApprove && <p className="muted">{t('clearanceRequests.waitingOnly')}</p>}
      {requests.length === 0 ? <p className="muted">{t('clearanceRequests.none')}</p> : (
        <div className="table-wrap">
          <table className="list" style={{ minWidth: '44rem' }}>
            <thead>
              <tr>
                <th scope="col">{t('clearanceRequests.person')}</th>
                <th scope="col">{t('clearanceRequests.from')}</th>
                <th scope="col" style={{ whiteSpace: 'nowrap' }}>{t('clearanceRequests.to')}</th>
                <th scope="col">{t('clearanceRequests.requestedBy')}</th>
                {mayApprove && <th scope="col">{t('clearanceRequests.decision')}</th>}
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id}>
                  <td>{r.personName}<div className="muted">{r.position}</div></td>
                  <td>{level(r.currentClearance, r.currentAppointed)}</td>
                  <td><strong>{level(r.clearance, r.classifiedAppointed)}</strong></td>
                  <td>{r.requestedByName}<div className="muted">{formatDate(r.requestedAt, { locale, withTime: true, style: 'short' })}</div></td>
                  {mayApprove && (
                    <td className="stack">
                      <input
                        placeholder={t('clearanceRequests.reason')} aria-label={`${t('clearanceRequests.reason')} ${r.personName}`}
                        value={reasons[r.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [r.id]: e.target.value })} maxLength={1000}
                      />
                      <div style={{ display: 'flex', gap: '.5rem', flexWrap: 'wrap' }}>
                        <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ requestId: r.id, approve: true, reason: reasons[r.id] ?? '' })}
                          aria-label={`${t('clearanceRequests.approve')} ${r.personName}`}>{t('clearanceRequests.approve')}</button>
                        <button type="button" className="secondary" disabled={decide.isPending} onClick={() => decide.mutate({ requestId: r.id, approve: false, reason: reasons[r.id] ?? '' })}
                          aria-label={`${t('clearanceRequests.reject')} ${r.personName}`}>{t('clearanceRequests.reject')}</button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
