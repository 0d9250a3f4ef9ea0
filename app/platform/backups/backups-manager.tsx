'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate } from '@/server/shared/thai-date';

const megabytes = (bytes: number | null) => (bytes === null ? '' : `${(bytes / 1048576).toLocaleString('th-TH', { maximumFractionDigits: 1 })} MB`);

/** The platform operator's backups: the schedule and keep policy, a backup now, and the last runs. */
export function BackupsManager() {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const status = useQuery({
    ...trpc.platform.backupStatus.queryOptions(),
    // While a backup runs or is waiting to start, its outcome is fetched as it comes.
    refetchInterval: (query) => (query.state.data && (query.state.data.requested || query.state.data.runs[0]?.state === 'running') ? 3000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.platform.backupStatus.queryKey() });
  const save = useMutation(trpc.platform.saveBackupSchedule.mutationOptions({ onSuccess: refresh }));
  const runNow = useMutation(trpc.platform.requestBackup.mutationOptions({ onSuccess: refresh }));
  const error = describe(save.error ?? runNow.error);
  const data = status.data;
  const when = (at: Date | string | null) => (at ? formatDate(at, { locale, style: 'short', withTime: true }) : '');

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const n = (k: string) => Number(f.get(k) ?? 0);
    save.mutate({
      enabled: f.get('enabled') === 'on', directory: String(f.get('directory') ?? ''), hour: n('hour'),
      keepDaily: n('keepDaily'), keepWeekly: n('keepWeekly'), keepMonthly: n('keepMonthly'),
    });
  }

  if (!data) return null;
  const last = data.runs[0];
  return (
    <>
      <section className="card" aria-labelledby="backup-last">
        <h2 id="backup-last">{t('backup.last')}</h2>
        {last ? (
          <p data-testid="backup-last">
            <span className={`badge ${last.state === 'succeeded' ? 'ok' : last.state === 'running' ? '' : 'off'}`}>{t(`backup.states.${last.state}`)}</span>{' '}
            {when(last.startedAt)}{last.bytes !== null && ` · ${megabytes(last.bytes)}`}{last.objects !== null && ` · ${t('backup.objects')} ${last.objects.toLocaleString('th-TH')}`}
            {last.error && <><br /><span className="error">{last.error}</span></>}
          </p>
        ) : <p>{t('backup.never')}</p>}
        {data.lastGood && <p className="muted">{t('backup.lastGood')} {when(data.lastGood)}</p>}
        {runNow.isSuccess && data.requested && <p className="form-ok" role="status">{t('backup.requested')}</p>}
        <button type="button" onClick={() => runNow.mutate()} disabled={runNow.isPending || data.requested || last?.state === 'running'}>{t('backup.runNow')}</button>
      </section>

      <section className="card">
        <h2>{t('backup.schedule')}</h2>
        <form className="stack" onSubmit={onSubmit} noValidate key={JSON.stringify(data.schedule)}>
          {error.message && <p className="form-error" role="alert">{error.message}</p>}
          {save.isSuccess && <p className="form-ok" role="status">{t('backup.saved')}</p>}
          <label className="check"><input type="checkbox" name="enabled" defaultChecked={data.schedule.enabled} /> {t('backup.enabled')}</label>
          <Field label={t('backup.directory')} error={error.fields.directory} hint={t('backup.directoryHint')}>
            <input name="directory" defaultValue={data.schedule.directory} autoCapitalize="none" spellCheck={false} />
          </Field>
          <Field label={t('backup.hour')}>
            <select name="hour" defaultValue={data.schedule.hour}>
              {Array.from({ length: 24 }, (_, h) => <option key={h} value={h}>{`${String(h).padStart(2, '0')}.00`}</option>)}
            </select>
          </Field>
          <fieldset>
            <legend>{t('backup.keep')}</legend>
            <div className="row">
              <Field label={t('backup.keepDaily')} error={error.fields.keepDaily}><input name="keepDaily" type="number" min={1} max={366} defaultValue={data.schedule.keepDaily} /></Field>
              <Field label={t('backup.keepWeekly')} error={error.fields.keepWeekly}><input name="keepWeekly" type="number" min={0} max={520} defaultValue={data.schedule.keepWeekly} /></Field>
              <Field label={t('backup.keepMonthly')} error={error.fields.keepMonthly}><input name="keepMonthly" type="number" min={0} max={1200} defaultValue={data.schedule.keepMonthly} /></Field>
            </div>
          </fieldset>
          <div><button type="submit" disabled={save.isPending}>{t('backup.save')}</button></div>
        </form>
      </section>

      <section className="card" style={{ padding: 0 }}>
        <h2 style={{ padding: '1rem 1rem 0' }}>{t('backup.runs')}</h2>
        <div className="table-wrap">
          <table className="list">
            <thead><tr><th>{t('backup.startedAt')}</th><th>{t('backup.trigger')}</th><th>{t('backup.state')}</th><th>{t('backup.size')}</th><th>{t('backup.objects')}</th><th>{t('backup.removedOld')}</th><th>{t('backup.detail')}</th></tr></thead>
            <tbody>
              {data.runs.map((run) => (
                <tr key={run.id}>
                  <td>{when(run.startedAt)}</td>
                  <td>{t(`backup.triggers.${run.trigger}`)}</td>
                  <td>{t(`backup.states.${run.state}`)}</td>
                  <td>{megabytes(run.bytes)}</td>
                  <td>{run.objects?.toLocaleString('th-TH') ?? ''}</td>
                  <td>{run.removed ?? ''}</td>
                  <td>{run.error ?? run.backupId ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
