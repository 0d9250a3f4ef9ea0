'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useLocale, useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { formatDate } from '@/server/shared/thai-date';

export function AgenciesManager() {
  const t = useTranslations();
  const locale = useLocale() as 'th' | 'en';
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const agencies = useQuery(trpc.platform.agencies.queryOptions());
  const create = useMutation(trpc.platform.createAgency.mutationOptions({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.platform.agencies.queryKey() }),
  }));
  const setStatus = useMutation(trpc.platform.setAgencyStatus.mutationOptions({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.platform.agencies.queryKey() }),
  }));
  const error = describe(create.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const s = (k: string) => String(f.get(k) ?? '');
    create.mutate({
      code: s('code'), nameTh: s('nameTh'), nameEn: s('nameEn'), ministryCode: s('ministryCode'), ownerNumber: s('ownerNumber'),
      address: s('address'), phone: s('phone'), email: s('email'),
      admin: { username: s('adminUsername'), fullNameTh: s('adminName'), position: s('adminPosition'), email: '', password: s('adminPassword') },
    }, { onSuccess: () => form.reset() });
  }

  return (
    <>
      <div className="table-wrap card" style={{ padding: 0 }}>
        <table className="list">
          <thead><tr><th>{t('platform.nameTh')}</th><th>{t('platform.code')}</th><th>{t('platform.ministryCode')}</th><th>{t('admin.status')}</th><th>{t('platform.createdAt')}</th><th /></tr></thead>
          <tbody>
            {(agencies.data ?? []).map((a) => (
              <tr key={a.id}>
                <td>{a.nameTh}<div className="muted">{a.nameEn}</div></td>
                <td>{a.code}</td>
                <td>{a.ministryCode} {a.ownerNumber}</td>
                <td><span className={`badge ${a.status === 'active' ? 'ok' : 'off'}`}>{t(`status.${a.status}`)}</span></td>
                <td>{formatDate(a.createdAt, { locale, style: 'short' })}</td>
                <td>
                  <button type="button" className={a.status === 'active' ? 'danger' : 'secondary'} disabled={setStatus.isPending}
                    aria-label={`${a.status === 'active' ? t('platform.suspend') : t('platform.restore')} ${a.nameTh}`}
                    onClick={() => setStatus.mutate({ agencyId: a.id, status: a.status === 'active' ? 'disabled' : 'active' })}>
                    {a.status === 'active' ? t('platform.suspend') : t('platform.restore')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card">
        <h2>{t('platform.createAgency')}</h2>
        <form className="stack" onSubmit={onSubmit} noValidate>
          {error.message && <p className="form-error" role="alert">{error.message}</p>}
          {create.isSuccess && <p className="form-ok" role="status">{t('platform.created')}</p>}
          <div className="row">
            <Field label={t('platform.nameTh')} error={error.fields.nameTh}><input name="nameTh" /></Field>
            <Field label={t('platform.nameEn')} error={error.fields.nameEn}><input name="nameEn" /></Field>
          </div>
          <div className="row">
            <Field label={t('platform.code')} error={error.fields.code} hint="opm"><input name="code" autoCapitalize="none" /></Field>
            <Field label={t('platform.ministryCode')} error={error.fields.ministryCode} hint="นร"><input name="ministryCode" /></Field>
            <Field label={t('platform.ownerNumber')} error={error.fields.ownerNumber} hint="0105"><input name="ownerNumber" /></Field>
          </div>
          <Field label={t('admin.address')} error={error.fields.address}><input name="address" /></Field>
          <div className="row">
            <Field label={t('admin.phone')} error={error.fields.phone}><input name="phone" /></Field>
            <Field label={t('admin.email')} error={error.fields.email}><input name="email" type="email" /></Field>
          </div>
          <h3>{t('platform.firstAdmin')}</h3>
          <div className="row">
            <Field label={t('admin.fullNameTh')} error={error.fields['admin.fullNameTh']}><input name="adminName" /></Field>
            <Field label={t('admin.position')} error={error.fields['admin.position']}><input name="adminPosition" /></Field>
          </div>
          <div className="row">
            <Field label={t('admin.username')} error={error.fields['admin.username']}><input name="adminUsername" autoCapitalize="none" autoComplete="off" /></Field>
            <Field label={t('admin.password')} error={error.fields['admin.password']} hint={t('admin.passwordHint')}><input name="adminPassword" type="password" autoComplete="new-password" /></Field>
          </div>
          <div><button type="submit" disabled={create.isPending}>{t('platform.createAgency')}</button></div>
        </form>
      </section>
    </>
  );
}
