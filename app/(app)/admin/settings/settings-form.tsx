'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';

export function SettingsForm() {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const agency = useQuery(trpc.agency.get.queryOptions());
  const save = useMutation(trpc.agency.updateSettings.mutationOptions({
    onSuccess: () => { void queryClient.invalidateQueries({ queryKey: trpc.agency.get.queryKey() }); router.refresh(); },
  }));
  if (!agency.data) return <p className="muted">…</p>;
  const a = agency.data;
  const error = describe(save.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    save.mutate({
      address: String(f.get('address') ?? ''), phone: String(f.get('phone') ?? ''), email: String(f.get('email') ?? ''),
      thaiDigits: f.get('thaiDigits') === 'on', dateStyle: f.get('dateStyle') === 'short' ? 'short' : 'full',
    });
  }

  return (
    <section className="card">
      <dl className="row" style={{ marginTop: 0 }}>
        <div><dt className="muted">{t('platform.nameTh')}</dt><dd>{a.nameTh}</dd></div>
        <div><dt className="muted">{t('admin.agencyCode')}</dt><dd>{a.code}</dd></div>
        <div><dt className="muted">{t('admin.ministryCode')}</dt><dd>{a.ministryCode} {a.ownerNumber}</dd></div>
      </dl>
      <form className="stack" onSubmit={onSubmit} noValidate>
        {error.message && <p className="form-error" role="alert">{error.message}</p>}
        {save.isSuccess && <p className="form-ok" role="status">{t('admin.saved')}</p>}
        <Field label={t('admin.address')} error={error.fields.address}><textarea name="address" rows={2} defaultValue={a.address} /></Field>
        <div className="row">
          <Field label={t('admin.phone')} error={error.fields.phone}><input name="phone" defaultValue={a.phone} /></Field>
          <Field label={t('admin.email')} error={error.fields.email}><input name="email" type="email" defaultValue={a.email} /></Field>
        </div>
        <Field label={t('admin.dateStyle')}>
          <select name="dateStyle" defaultValue={a.settings.dateStyle}>
            <option value="full">{t('admin.dateFull')}</option>
            <option value="short">{t('admin.dateShort')}</option>
          </select>
        </Field>
        <label className="check"><input type="checkbox" name="thaiDigits" defaultChecked={a.settings.thaiDigits} /> {t('admin.thaiDigits')}</label>
        <div><button type="submit" disabled={save.isPending}>{t('admin.save')}</button></div>
      </form>
    </section>
  );
}
