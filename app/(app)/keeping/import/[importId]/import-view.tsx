'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useDigits } from '@/app/_components/digits';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { guessMapping, importFields, requiredImportFields, type ImportField } from '@/server/keeping/import-rows';

/** While an import runs it is asked again this often. */
const POLL_MS = 1500;

/** One import: its columns mapped and started, its progress, and every line not taken with why. */
export function ImportView({ importId }: { importId: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const digits = useDigits();
  const data = useQuery({
    ...trpc.keeping.import.queryOptions({ importId }),
    refetchInterval: (q) => (q.state.data && (q.state.data.import.state === 'queued' || q.state.data.import.state === 'running') ? POLL_MS : false),
  });
  const start = useMutation(trpc.keeping.startImport.mutationOptions({
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.keeping.import.pathKey() }),
  }));
  const [mapping, setMapping] = useState<Partial<Record<ImportField, number | null>> | null>(null);
  if (data.error) return <p className="form-error" role="alert">{describe(data.error).message}</p>;
  if (!data.data) return null;
  const job = data.data.import;
  const shownMapping = mapping ?? job.mapping ?? guessMapping(job.columns);
  const error = describe(start.error);
  const running = job.state === 'queued' || job.state === 'running';
  const count = (n: number) => digits(n.toLocaleString('th-TH'));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    start.mutate({ importId, mapping: Object.fromEntries(importFields.map((f) => [f, shownMapping[f] ?? null])) as never });
  }

  return (
    <>
      <section className="card" aria-labelledby="import-state">
        <h2 id="import-state">{t(`keeping.import.states.${job.state}`)}</h2>
        <dl className="details">
          <dt>{t('keeping.import.sheet')}</dt><dd>{job.sheetName}</dd>
          <dt>{t('keeping.import.zip')}</dt><dd>{job.zipName ?? t('keeping.import.noZip')}</dd>
        </dl>
        {job.state !== 'uploaded' && (
          <p role="status">
            {t('keeping.import.progress', { done: count(job.rowsDone), total: count(job.rowsTotal) })}<br />
            {t('keeping.import.counts', { imported: count(job.rowsImported), already: count(job.rowsAlready), refused: count(job.rowsRefused) })}
          </p>
        )}
        {job.state === 'failed' && job.errorKey && (
          <p className="form-error" role="alert">{job.errorDetail ? `${job.errorDetail}: ` : ''}{t.has(`errors.${job.errorKey}` as never) ? t(`errors.${job.errorKey}` as never) : t('errors.internal')}</p>
        )}
      </section>
      {!running && (
        <section className="card" aria-labelledby="mapping-heading">
          <h2 id="mapping-heading">{t('keeping.import.mapping')}</h2>
          <p className="muted">{t('keeping.import.mappingHint')}</p>
          <form className="stack" onSubmit={submit} noValidate aria-label={t('keeping.import.mapping')}>
            {error.message && <p className="form-error" role="alert">{error.message}</p>}
            <div className="row">
              {importFields.map((f) => (
                <Field key={f} label={`${t(`keeping.import.fields.${f}`)}${requiredImportFields.includes(f) ? ` ${t('keeping.import.required')}` : ''}`}>
                  <select value={shownMapping[f] ?? ''} onChange={(e) => setMapping({ ...shownMapping, [f]: e.target.value === '' ? null : Number(e.target.value) })}>
                    <option value="">{t('keeping.import.notMapped')}</option>
                    {job.columns.map((c, i) => <option key={i} value={i}>{c || `#${digits(i + 1)}`}</option>)}
                  </select>
                </Field>
              ))}
            </div>
            <p><button type="submit" disabled={start.isPending}>{job.state === 'uploaded' ? t('keeping.import.start') : t('keeping.import.again')}</button></p>
          </form>
        </section>
      )}
      {data.data.problems.length > 0 && (
        <section className="card" aria-labelledby="problems-heading">
          <h2 id="problems-heading">{t('keeping.import.problems')}</h2>
          <table className="list">
            <thead><tr><th>{t('keeping.import.row')}</th><th>{t('keeping.import.reason')}</th></tr></thead>
            <tbody>
              {data.data.problems.map((p) => (
                <tr key={p.rowNumber}>
                  <td>{digits(p.rowNumber)}</td>
                  <td>
                    {t.has(`errors.${p.reason}` as never) ? t(`errors.${p.reason}` as never, { kind: '' } as never) : p.reason}
                    {p.detail && ` (${t.has(`keeping.import.fields.${p.detail}` as never) ? t(`keeping.import.fields.${p.detail}` as never) : p.detail})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
