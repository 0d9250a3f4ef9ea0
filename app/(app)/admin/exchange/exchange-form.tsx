'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError, useStoredError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate, toThaiDigits } from '@/server/shared/thai-date';
import { KeptArrivals } from './kept-arrivals';

type Fields = { nodeUrl: string; username: string; password: string; ministryId: string; departmentId: string; enabled: boolean };

/** The agency's connection to the government exchange (ECMS): set, tested, and its directory read. */
export function ExchangeForm({ thaiDigits }: { thaiDigits: boolean }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.exchange.connection.queryOptions());
  const [saved, setSaved] = useState(false);
  if (current.isPending) return null;
  const c = current.data;
  return (
    <ExchangeFields key={String(c?.updatedAt ?? 'new')} thaiDigits={thaiDigits} saved={saved} setSaved={setSaved} connection={c ?? null}
      initial={c ? { nodeUrl: c.nodeUrl, username: c.username, password: '', ministryId: c.ministryId, departmentId: c.departmentId, enabled: c.enabled }
        : { nodeUrl: '', username: '', password: '', ministryId: '', departmentId: '', enabled: true }} />
  );
}

type Connection = { lastPullAt: string | Date | null; lastError: string | null; directoryRefreshedAt: string | Date | null } | null;

function ExchangeFields({ initial, connection, thaiDigits, saved, setSaved }: { initial: Fields; connection: Connection; thaiDigits: boolean; saved: boolean; setSaved: (v: boolean) => void }) {
  const t = useTranslations('exchangeAdmin');
  const tAll = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const stored = useStoredError();
  const [form, setForm] = useState(initial);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.exchange.connection.queryKey() });
  const save = useMutation(trpc.exchange.saveConnection.mutationOptions({ onSuccess: () => { setSaved(true); refresh(); } }));
  const test = useMutation(trpc.exchange.testConnection.mutationOptions());
  const directory = useMutation(trpc.exchange.refreshDirectory.mutationOptions({ onSuccess: refresh }));
  const error = describe(save.error);
  const directoryError = describe(directory.error);
  const digits = (n: number) => (thaiDigits ? toThaiDigits(String(n)) : String(n));
  const when = (d: string | Date) => formatDate(d, { locale, withTime: true, style: 'short', thaiDigits });
  const text = (key: Exclude<keyof Fields, 'enabled'>) => (e: { target: { value: string } }) => { const { value } = e.target; setForm((f) => ({ ...f, [key]: value })); };

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    test.reset();
    save.mutate({ ...form, password: form.password || undefined });
  }

  return (
    <>
      <section className="card">
        <h2>{t('connection')}</h2>
        <form className="stack" onSubmit={submit} aria-label={t('connection')}>
          {error.message && <p className="form-error" role="alert">{error.message}</p>}
          {saved && <p className="form-ok" role="status">{t('saved')}</p>}
          <Field label={t('nodeUrl')} hint={t('nodeUrlHint')} error={error.fields.nodeUrl}><input value={form.nodeUrl} onChange={text('nodeUrl')} inputMode="url" required /></Field>
          <div className="row">
            <Field label={t('ministryId')} error={error.fields.ministryId}><input value={form.ministryId} onChange={text('ministryId')} required /></Field>
            <Field label={t('departmentId')} error={error.fields.departmentId}><input value={form.departmentId} onChange={text('departmentId')} required /></Field>
          </div>
          <div className="row">
            <Field label={t('username')} error={error.fields.username}><input value={form.username} onChange={text('username')} autoComplete="off" required /></Field>
            <Field label={t('password')} hint={connection ? t('passwordKeep') : undefined}><input type="password" value={form.password} onChange={text('password')} autoComplete="new-password" /></Field>
          </div>
          <p className="muted">{t('certificate')}</p>
          <label className="check"><input type="checkbox" checked={form.enabled} onChange={(e) => { const { checked } = e.target; setForm((f) => ({ ...f, enabled: checked })); }} /> {t('enabled')}</label>
          <div className="row"><button type="submit" disabled={save.isPending}>{t('save')}</button></div>
        </form>
      </section>
      {connection && (
        <section className="card stack" aria-labelledby="exchange-state">
          <h2 id="exchange-state">{t('state')}</h2>
          <p>{connection.lastPullAt ? t('lastPull', { date: when(connection.lastPullAt) }) : t('neverPulled')}</p>
          {connection.lastError && <p className="form-error">{t('lastError', { error: stored(connection.lastError) })}</p>}
          <div className="row">
            <button type="button" className="secondary" disabled={test.isPending} onClick={() => test.mutate()}>{t('test')}</button>
            <button type="button" className="secondary" disabled={directory.isPending} onClick={() => directory.mutate()}>{t('refreshDirectory')}</button>
          </div>
          {test.isPending && <p className="muted" role="status">{t('testing')}</p>}
          {test.data && (test.data.ok
            ? <p className="form-ok" role="status">{t('testOk', { count: digits(test.data.ministries) })}</p>
            : <p className="form-error" role="alert">{t('testFailed', { reason: stored(test.data.detail ? `${test.data.reason}: ${test.data.detail}` : test.data.reason) })}</p>)}
          {test.error && <p className="form-error" role="alert">{describe(test.error).message}</p>}
          {directoryError.message && <p className="form-error" role="alert">{directoryError.message}</p>}
          {directory.data && <p className="form-ok" role="status">{t('directoryRead', { count: digits(directory.data.organizations) })}</p>}
          <p className="muted">{connection.directoryRefreshedAt ? t('directoryAt', { date: when(connection.directoryRefreshedAt) }) : t('directoryNever')}</p>
        </section>
      )}
      {connection && <KeptArrivals />}
      <p className="muted">{tAll('exchangeAdmin.classified')}</p>
    </>
  );
}
