'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useLocale, useTranslations } from 'use-intl';
import { useTRPC } from '@/app/_trpc/react';
import { auditLabelKey } from '@/core/audit';
import { formatDate } from '@/server/shared/thai-date';

const PAGE = 50;

/** Every act on classified letters and keys (who, what, when, from where), for the classified-documents registrar. */
export function ClassifiedRegister() {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const pages = useInfiniteQuery(trpc.classified.accessRegister.infiniteQueryOptions(
    { limit: PAGE },
    { getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1]!.id : undefined) },
  ));
  const rows = pages.data?.pages.flat() ?? [];
  return (
    <section className="card stack" aria-labelledby="classified-register">
      <h2 id="classified-register">{t('classified.registerTitle')}</h2>
      <p className="muted">{t('classified.registerIntro')}</p>
      {rows.length === 0 ? <p className="empty">{t('classified.registerEmpty')}</p> : (
        <div className="table-wrap">
          <table className="list">
            <thead><tr><th>{t('admin.when')}</th><th>{t('admin.who')}</th><th>{t('admin.action')}</th><th>{t('admin.target')}</th><th>{t('classified.address')}</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.occurredAt, { locale, withTime: true, style: 'short' })}</td>
                  <td>{r.actorName}</td>
                  <td>{t.has(`audit.${auditLabelKey(r.action)}` as never) ? t(`audit.${auditLabelKey(r.action)}` as never) : r.action}</td>
                  <td>{(r.targetType === 'letter' || r.targetType === 'outgoing') && r.targetId
                    ? <Link href={`/${r.targetType === 'letter' ? 'letters' : 'outgoing'}/${r.targetId}`}>{t('classified.placeholder')}</Link>
                    : t(`auditTargets.${r.targetType}` as never)}</td>
                  <td>{r.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage && (
        <div><button type="button" className="secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>{t('admin.loadMore')}</button></div>
      )}
    </section>
  );
}
