'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import type { FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { roles, type Role } from '@/core/access';
import { treeOrder } from '../units/units-manager';
import { useDigits } from '@/app/_components/digits';

export function PeopleManager() {
  const t = useTranslations();
  const digits = useDigits();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const people = useQuery(trpc.people.list.queryOptions());
  const units = useQuery(trpc.units.list.queryOptions());
  const create = useMutation(trpc.people.create.mutationOptions({
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.people.list.queryKey() }),
  }));
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.nameTh]));
  const error = describe(create.error);

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const s = (k: string) => String(f.get(k) ?? '');
    create.mutate({
      username: s('username'), password: s('password'), fullNameTh: s('fullNameTh'), fullNameEn: s('fullNameEn'),
      position: s('position'), email: s('email'), memberships: [{ unitId: s('unitId'), role: s('role') as Role }],
    }, { onSuccess: () => form.reset() });
  }

  return (
    <>
      <p className="muted">{t('admin.peopleCount', { count: digits(people.data?.length ?? 0) })}</p>
      <div className="table-wrap card" style={{ padding: 0 }}>
        <table className="list">
          <thead><tr><th>{t('admin.fullNameTh')}</th><th>{t('admin.username')}</th><th>{t('admin.unitsAndRoles')}</th><th>{t('admin.status')}</th></tr></thead>
          <tbody>
            {(people.data ?? []).map((p) => (
              <tr key={p.id}>
                <td><Link href={`/admin/people/${p.id}`}>{p.fullNameTh}</Link><div className="muted">{p.position}</div></td>
                <td>{p.username}</td>
                <td>{p.memberships.map((m) => <div key={`${m.unitId}${m.role}`}>{t(`roles.${m.role}`)} · {unitName.get(m.unitId)}</div>)}</td>
                <td><span className={`badge ${p.status === 'active' ? 'ok' : 'off'}`}>{t(`status.${p.status}`)}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card">
        <h2>{t('admin.addPerson')}</h2>
        <form className="stack" onSubmit={onCreate} noValidate>
          {error.message && <p className="form-error" role="alert">{error.message}</p>}
          {create.isSuccess && <p className="form-ok" role="status">{t('admin.created')}</p>}
          <div className="row">
            <Field label={t('admin.fullNameTh')} error={error.fields.fullNameTh}><input name="fullNameTh" /></Field>
            <Field label={t('admin.fullNameEn')} error={error.fields.fullNameEn}><input name="fullNameEn" /></Field>
          </div>
          <div className="row">
            <Field label={t('admin.position')} error={error.fields.position}><input name="position" /></Field>
            <Field label={t('admin.email')} error={error.fields.email}><input name="email" type="email" /></Field>
          </div>
          <div className="row">
            <Field label={t('admin.username')} error={error.fields.username}><input name="username" autoComplete="off" autoCapitalize="none" /></Field>
            <Field label={t('admin.password')} error={error.fields.password} hint={t('admin.passwordHint')}><input name="password" type="password" autoComplete="new-password" /></Field>
          </div>
          <div className="row">
            <Field label={t('admin.unit')} error={error.fields['memberships.0.unitId']}>
              <select name="unitId">{treeOrder(units.data ?? []).map((u) => <option key={u.id} value={u.id}>{'— '.repeat(u.depth)}{u.nameTh}</option>)}</select>
            </Field>
            <Field label={t('admin.role')}>
              <select name="role" defaultValue="staff">{roles.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}</select>
            </Field>
          </div>
          <div><button type="submit" disabled={create.isPending}>{t('admin.addPerson')}</button></div>
        </form>
      </section>
    </>
  );
}
