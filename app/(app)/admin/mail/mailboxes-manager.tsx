'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError, useStoredError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import type { AgencySettings } from '@/core/settings';
import { formatDate } from '@/server/shared/thai-date';

type Mailbox = { id: string; unitId: string; host: string; port: number; tls: boolean; username: string; folder: string; enabled: boolean };

/** The agency's IMAP mailboxes: where each one's letters wait, whether polling works, and a form to add or change one. */
export function MailboxesManager({ settings }: { settings: AgencySettings }) {
  const t = useTranslations();
  const storedError = useStoredError();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const boxes = useQuery({ ...trpc.mail.mailboxes.queryOptions(), refetchInterval: 10_000 });
  const units = useQuery(trpc.units.list.queryOptions());
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const pollNow = useMutation(trpc.mail.pollNow.mutationOptions({ onSuccess: () => setNotice(t('mailAdmin.queued')) }));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.mail.mailboxes.queryKey() });

  return (
    <section className="card">
      {notice && <p className="form-ok" role="status">{notice}</p>}
      {(boxes.data ?? []).length > 0 && (
        <ul className="parts">
          {boxes.data!.map((b) => (
            <li key={b.id}>
              <strong>{b.username}</strong> — {b.host}:{b.port} {b.tls ? 'TLS' : ''} · {b.folder} · {b.enabled ? t('status.active') : t('status.disabled')}
              <div className="muted">{b.lastPolledAt ? t('mailAdmin.lastPolled', { date: formatDate(b.lastPolledAt, { locale, withTime: true, style: 'short', thaiDigits: settings.thaiDigits }) }) : t('mailAdmin.never')}</div>
              {b.lastError && <p className="form-error">{t('mailAdmin.lastError', { error: storedError(b.lastError) })}</p>}
              <div className="row">
                <button type="button" className="secondary" onClick={() => setEditing(b)}>{t('admin.editUnit')}</button>
                <button type="button" className="secondary" disabled={!b.enabled} onClick={() => pollNow.mutate({ mailboxId: b.id })}>{t('mailAdmin.pollNow')}</button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <MailboxForm key={editing === 'new' ? 'new' : editing.id} mailbox={editing === 'new' ? null : editing}
          units={units.data ?? []} onDone={() => { setEditing(null); refresh(); }} />
      ) : <button type="button" onClick={() => setEditing('new')}>{t('mailAdmin.add')}</button>}
    </section>
  );
}

function MailboxForm({ mailbox, units, onDone }: { mailbox: Mailbox | null; units: Array<{ id: string; nameTh: string }>; onDone: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const save = useMutation(trpc.mail.saveMailbox.mutationOptions({ onSuccess: onDone }));
  const error = describe(save.error);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const s = (k: string) => String(f.get(k) ?? '');
    save.mutate({
      ...(mailbox ? { id: mailbox.id } : {}), unitId: s('unitId'), host: s('host'), port: Number(s('port')), tls: f.get('tls') === 'on',
      username: s('username'), password: s('password') || undefined, folder: s('folder') || 'INBOX', enabled: f.get('enabled') === 'on',
    });
  }
  return (
    <form className="stack" onSubmit={submit} noValidate>
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      <div className="row">
        <Field label={t('mailAdmin.host')} error={error.fields.host}><input name="host" defaultValue={mailbox?.host ?? ''} placeholder="mail.example.go.th" /></Field>
        <Field label={t('mailAdmin.port')} error={error.fields.port}><input name="port" inputMode="numeric" defaultValue={String(mailbox?.port ?? 993)} /></Field>
      </div>
      <label className="check"><input type="checkbox" name="tls" defaultChecked={mailbox?.tls ?? true} /> {t('mailAdmin.tls')}</label>
      <div className="row">
        <Field label={t('mailAdmin.username')} error={error.fields.username}><input name="username" defaultValue={mailbox?.username ?? ''} autoComplete="off" /></Field>
        <Field label={t('mailAdmin.password')} error={error.fields.password} hint={mailbox ? t('mailAdmin.passwordKeep') : undefined}>
          <input name="password" type="password" autoComplete="new-password" />
        </Field>
      </div>
      <div className="row">
        <Field label={t('mailAdmin.folder')} error={error.fields.folder}><input name="folder" defaultValue={mailbox?.folder ?? 'INBOX'} /></Field>
        <Field label={t('mailAdmin.unit')} error={error.fields.unitId}>
          <select name="unitId" defaultValue={mailbox?.unitId ?? units[0]?.id}>{units.map((u) => <option key={u.id} value={u.id}>{u.nameTh}</option>)}</select>
        </Field>
      </div>
      <label className="check"><input type="checkbox" name="enabled" defaultChecked={mailbox?.enabled ?? true} /> {t('mailAdmin.enabled')}</label>
      <div className="row">
        <button type="submit" disabled={save.isPending}>{t('admin.save')}</button>
        <button type="button" className="secondary" onClick={onDone}>{t('admin.cancel')}</button>
      </div>
    </form>
  );
}
