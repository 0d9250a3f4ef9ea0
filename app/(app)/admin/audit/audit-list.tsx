'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'use-intl';
import { useTRPC } from '@/app/_trpc/react';
import { auditLabelKey } from '@/core/audit';
import { formatDate } from '@/server/shared/thai-date';

/** The name an entry is about, from what the action recorded (username, unit or agency name). */
function describeTarget(data: Record<string, unknown>) {
  const after = (data.after ?? {}) as Record<string, unknown>;
  const value = data.username ?? data.fullNameTh ?? data.nameTh ?? after.nameTh ?? after.fullNameTh ?? data.code;
  return typeof value === 'string' ? value : '';
}

export function AuditList() {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const agency = useQuery(trpc.agency.get.queryOptions());
  const pages = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions(
    { limit: 50 },
    { getNextPageParam: (last) => (last.length === 50 ? last[last.length - 1]!.id : undefined) },
  ));
  const label = (key: string, fallback: string) => (t.has(key as never) ? t(key as never) : fallback);
  const rows = pages.data?.pages.flat() ?? [];
  const settings = agency.data?.settings;
  return (
    <>
      <div className="table-wrap card" style={{ padding: 0 }}>
        <table className="list">
          <thead><tr><th>{t('admin.when')}</th><th>{t('admin.who')}</th><th>{t('admin.action')}</th><th>{t('admin.target')}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.occurredAt, { locale, withTime: true, style: 'short', thaiDigits: settings?.thaiDigits })}</td>
                <td>{r.actorName || r.actorKind}</td>
                <td>{label(`audit.${auditLabelKey(r.action)}`, r.action)}</td>
                <td>{label(`auditTargets.${r.targetType}`, r.targetType)}<div className="muted">{describeTarget(r.data)}</div></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>{t('admin.loadMore')}</button>
      )}
    </>
  );
}
