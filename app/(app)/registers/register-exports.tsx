'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'use-intl';
import { EndpointError, useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { EXPORT_KEEP_DAYS, type Urgency } from '@/core/letters';
import { formatDate, toThaiDigits } from '@/server/shared/thai-date';

type Filter = { registerId: string; yearBe: number; day?: string; until?: string; text?: string; urgency?: Urgency };

/** How soon the list is asked again while a file is being made. */
const POLL_MS = 1500;

/**
 * Exporting the register shown (its filters as they are): the file is made by a background job,
 * its progress shown here and the person notified when it is ready; the latest files are listed.
 */
export function RegisterExports({ filter, thaiDigits }: { filter: Filter | null; thaiDigits: boolean }) {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const exports = useQuery({
    ...trpc.registry.exports.queryOptions(),
    refetchInterval: (query) => (query.state.data?.some((e) => e.state === 'queued' || e.state === 'running') ? POLL_MS : false),
  });
  const start = useMutation(trpc.registry.startExport.mutationOptions({
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.registry.exports.queryKey() }),
  }));
  const digits = (n: number) => {
    const s = n.toLocaleString(locale === 'th' ? 'th-TH' : 'en-GB');
    return thaiDigits && locale === 'th' ? toThaiDigits(s) : s;
  };
  const error = describe(start.error);
  const items = exports.data ?? [];
  return (
    <section className="card no-print" aria-labelledby="exports-heading">
      <div className="row" style={{ alignItems: 'center' }}>
        <h2 id="exports-heading" style={{ margin: 0, fontSize: '1.1rem' }}>{t('registers.exports')}</h2>
        {filter && (['pdf', 'xlsx'] as const).map((format) => (
          <button key={format} type="button" className="secondary" disabled={start.isPending}
            onClick={() => start.mutate({ ...filter, format })}>
            {t(format === 'pdf' ? 'registers.exportPdf' : 'registers.exportXlsx')}
          </button>
        ))}
      </div>
      <p className="muted">{t('registers.exportsHint', { days: digits(EXPORT_KEEP_DAYS) })}</p>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      {items.length > 0 && (
        <ul className="stack" aria-live="polite">
            {items.map((e) => (
              <li key={e.id} className="row" style={{ alignItems: 'center' }}>
                <span>{e.fileName}</span>
                <span className="muted">{formatDate(e.createdAt, { locale, style: 'short', withTime: true, thaiDigits })}</span>
                {(e.state === 'queued' || e.state === 'running') && (
                  <>
                    <progress max={Math.max(1, e.linesTotal)} value={e.linesDone} aria-label={t('registers.exportProgress', { name: e.fileName })} />
                    <span className="muted">{e.state === 'queued' ? t('registers.exportQueued') : t('registers.exportRunning', { done: digits(e.linesDone), total: digits(e.linesTotal) })}</span>
                  </>
                )}
                {e.state === 'ready' && (
                  <>
                    <span className="muted">{t('registers.exportReady', { size: digits(Math.max(0.1, Math.round((e.size ?? 0) / 104_857.6) / 10)) })}</span>
                    <a className="button" style={{ flex: 'none' }} href={`/api/exports/${e.id}`} download aria-label={t('registers.download', { name: e.fileName })}>
                      {t('registers.downloadShort')}
                    </a>
                  </>
                )}
                {e.state === 'failed' && <span className="form-error">{t('registers.exportFailed', { reason: describe(new EndpointError({ messageKey: e.errorKey ?? 'internal' })).message ?? '' })}</span>}
                {e.state === 'expired' && <span className="muted">{t('registers.exportExpired')}</span>}
              </li>
            ))}
          </ul>
      )}
    </section>
  );
}
