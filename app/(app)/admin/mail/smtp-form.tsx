'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';

/** The agency's own mail server for letters sent by e-mail (otherwise the platform's provider sends them). */
export function SmtpForm() {
  const trpc = useTRPC();
  const current = useQuery(trpc.mail.smtp.queryOptions());
  // Kept here: the fields below start afresh from what was saved.
  const [saved, setSaved] = useState(false);
  if (current.isPending) return null;
  const c = current.data;
  return <SmtpFields key={String(c?.updatedAt ?? 'new')} hasPassword={Boolean(c?.hasPassword)} saved={saved} setSaved={setSaved} initial={c
    ? { host: c.host, port: String(c.port), secure: c.secure, username: c.username, password: '', fromAddress: c.fromAddress, enabled: c.enabled }
    : { host: '', port: '587', secure: false, username: '', password: '', fromAddress: '', enabled: true }} />;
}

type Fields = { host: string; port: string; secure: boolean; username: string; password: string; fromAddress: string; enabled: boolean };

function SmtpFields({ initial, hasPassword, saved, setSaved }: { initial: Fields; hasPassword: boolean; saved: boolean; setSaved: (v: boolean) => void }) {
  const t = useTranslations('smtpAdmin');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const [form, setForm] = useState(initial);
  const save = useMutation(trpc.mail.saveSmtp.mutationOptions({
    onSuccess: () => { setSaved(true); void queryClient.invalidateQueries({ queryKey: trpc.mail.smtp.queryKey() }); },
  }));
  const error = describe(save.error);
  const text = (key: 'host' | 'port' | 'username' | 'password' | 'fromAddress') => (e: { target: { value: string } }) => { const { value } = e.target; setForm((f) => ({ ...f, [key]: value })); };

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    save.mutate({ ...form, port: Number(form.port), password: form.password || undefined });
  }

  return (
    <section className="card" id="smtp">
      <h2>{t('title')}</h2>
      <p className="muted">{t('help')}</p>
      <form className="stack" onSubmit={submit} aria-label={t('title')}>
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        {saved && <p className="form-ok" role="status">{t('saved')}</p>}
        <div className="row">
          <Field label={t('host')} error={error.fields.host}><input value={form.host} onChange={text('host')} required /></Field>
          <Field label={t('port')} error={error.fields.port}><input inputMode="numeric" value={form.port} onChange={text('port')} required /></Field>
          <label className="check"><input type="checkbox" checked={form.secure} onChange={(e) => { const { checked } = e.target; setForm((f) => ({ ...f, secure: checked })); }} /> {t('secure')}</label>
        </div>
        <div className="row">
          <Field label={t('username')}><input value={form.username} onChange={text('username')} autoComplete="off" /></Field>
          <Field label={t('password')} hint={hasPassword ? t('passwordKeep') : undefined}><input type="password" value={form.password} onChange={text('password')} autoComplete="new-password" /></Field>
          <Field label={t('fromAddress')} error={error.fields.fromAddress}><input type="email" value={form.fromAddress} onChange={text('fromAddress')} required /></Field>
        </div>
        <label className="check"><input type="checkbox" checked={form.enabled} onChange={(e) => { const { checked } = e.target; setForm((f) => ({ ...f, enabled: checked })); }} /> {t('enabled')}</label>
        <div className="row"><button type="submit" disabled={save.isPending}>{t('save')}</button></div>
      </form>
    </section>
  );
}
