'use client';

import { useMutation } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';

/** `issued`: the person is replacing the password an admin gave them (its field says so). */
export function ChangePasswordForm({ issued = false }: { issued?: boolean }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation(trpc.me.changePassword.mutationOptions({
    // Every session ends with the change; sign in again with the new password.
    onSuccess: () => void signOut({ callbackUrl: '/login?reason=password_changed' }),
  }));
  const error = describe(change.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const newPassword = String(f.get('newPassword') ?? '');
    setMismatch(newPassword !== String(f.get('confirmPassword') ?? ''));
    if (newPassword !== String(f.get('confirmPassword') ?? '')) return;
    change.mutate({ currentPassword: String(f.get('currentPassword') ?? ''), newPassword });
  }

  return (
    <section className="card">
      <h2>{t('account.changePassword')}</h2>
      <p className="muted">{t('account.afterChange')}</p>
      <form className="stack" onSubmit={onSubmit} noValidate>
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        <Field label={t(issued ? 'account.issuedPassword' : 'account.currentPassword')} error={error.fields.currentPassword}>
          <input name="currentPassword" type="password" autoComplete="current-password" />
        </Field>
        <Field label={t('account.newPassword')} error={error.fields.newPassword} hint={t('admin.passwordHint')}>
          <input name="newPassword" type="password" autoComplete="new-password" />
        </Field>
        <Field label={t('account.confirmPassword')} error={mismatch ? t('account.mismatch') : undefined}>
          <input name="confirmPassword" type="password" autoComplete="new-password" />
        </Field>
        <div><button type="submit" disabled={change.isPending}>{t('account.submit')}</button></div>
      </form>
    </section>
  );
}
