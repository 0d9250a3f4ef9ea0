'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { clearances, permissions, roles, type Clearance, type Permission, type Role } from '@/core/access';
import { treeOrder } from '../../units/units-manager';

type Membership = { unitId: string; role: Role };

export function PersonEditor({ userId }: { userId: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const person = useQuery(trpc.people.get.queryOptions({ userId }));
  const units = useQuery(trpc.units.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.people.pathKey() });
  const opts = { onSuccess: refresh };
  const update = useMutation(trpc.people.update.mutationOptions(opts));
  const setStatus = useMutation(trpc.people.setStatus.mutationOptions(opts));
  const reset = useMutation(trpc.people.resetPassword.mutationOptions(opts));
  const setMemberships = useMutation(trpc.people.setMemberships.mutationOptions(opts));
  const setPermissions = useMutation(trpc.people.setPermissions.mutationOptions(opts));
  const setClearance = useMutation(trpc.people.setClearance.mutationOptions(opts));
  const [draftRoles, setDraftRoles] = useState<Membership[] | null>(null);

  if (person.error) return <p className="form-error" role="alert">{describe(person.error).message}</p>;
  if (!person.data) return <p className="muted">…</p>;
  const p = person.data;
  const ordered = treeOrder(units.data ?? []);
  const memberships = draftRoles ?? p.memberships;
  const overrides = new Map(p.overrides.map((o) => [o.permission, o.allowed]));

  const s = (f: FormData, k: string) => String(f.get(k) ?? '');
  const onProfile = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    update.mutate({ userId, fullNameTh: s(f, 'fullNameTh'), fullNameEn: s(f, 'fullNameEn'), position: s(f, 'position'), email: s(f, 'email') });
  };
  const onReset = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    reset.mutate({ userId, password: s(new FormData(form), 'password') }, { onSuccess: () => form.reset() });
  };
  const onPermissions = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const list = permissions.flatMap((perm) => {
      const v = s(f, `perm-${perm}`);
      return v === 'grant' ? [{ permission: perm, allowed: true }] : v === 'revoke' ? [{ permission: perm, allowed: false }] : [];
    });
    setPermissions.mutate({ userId, overrides: list });
  };
  const onClearance = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setClearance.mutate({ userId, clearance: s(f, 'clearance') as Clearance, classifiedAppointed: f.get('appointed') === 'on' });
  };

  const status = (m: { error: unknown; isSuccess: boolean }) => {
    const err = describe(m.error);
    if (err.message) return <p className="form-error" role="alert">{err.message}</p>;
    return m.isSuccess ? <p className="form-ok" role="status">{t('admin.saved')}</p> : null;
  };
  const profileErrors = describe(update.error).fields;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{p.fullNameTh}</h1>
          <p className="muted">{p.username} · {p.position}</p>
        </div>
        <div className="row" style={{ flex: 'none' }}>
          <span className={`badge ${p.status === 'active' ? 'ok' : 'off'}`} data-testid="person-status">{t(`status.${p.status}`)}</span>
          <button type="button" className={p.status === 'active' ? 'danger' : 'secondary'} disabled={setStatus.isPending}
            onClick={() => setStatus.mutate({ userId, status: p.status === 'active' ? 'disabled' : 'active' })}>
            {p.status === 'active' ? t('admin.disable') : t('admin.enable')}
          </button>
        </div>
      </div>
      {status(setStatus)}

      <section className="card">
        <h2>{t('admin.profile')}</h2>
        <form className="stack" onSubmit={onProfile} noValidate>
          {status(update)}
          <div className="row">
            <Field label={t('admin.fullNameTh')} error={profileErrors.fullNameTh}><input name="fullNameTh" defaultValue={p.fullNameTh} /></Field>
            <Field label={t('admin.fullNameEn')} error={profileErrors.fullNameEn}><input name="fullNameEn" defaultValue={p.fullNameEn} /></Field>
          </div>
          <div className="row">
            <Field label={t('admin.position')} error={profileErrors.position}><input name="position" defaultValue={p.position} /></Field>
            <Field label={t('admin.email')} error={profileErrors.email}><input name="email" type="email" defaultValue={p.email} /></Field>
          </div>
          <div><button type="submit" disabled={update.isPending}>{t('admin.save')}</button></div>
        </form>
      </section>

      <section className="card">
        <h2>{t('admin.unitsAndRoles')}</h2>
        {status(setMemberships)}
        {memberships.map((m, i) => (
          <div className="row" key={i} style={{ marginBottom: '0.5rem' }}>
            <select aria-label={t('admin.unit')} value={m.unitId}
              onChange={(e) => setDraftRoles(memberships.map((x, j) => (j === i ? { ...x, unitId: e.target.value } : x)))}>
              {ordered.map((u) => <option key={u.id} value={u.id}>{'— '.repeat(u.depth)}{u.nameTh}</option>)}
            </select>
            <select aria-label={t('admin.role')} value={m.role}
              onChange={(e) => setDraftRoles(memberships.map((x, j) => (j === i ? { ...x, role: e.target.value as Role } : x)))}>
              {roles.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
            </select>
            <button type="button" className="secondary" style={{ flex: 'none' }}
              onClick={() => setDraftRoles(memberships.filter((_, j) => j !== i))}>{t('admin.remove')}</button>
          </div>
        ))}
        <div className="row" style={{ justifyContent: 'flex-start' }}>
          <button type="button" className="secondary" style={{ flex: 'none' }}
            onClick={() => setDraftRoles([...memberships, { unitId: ordered[0]?.id ?? '', role: 'staff' }])}>{t('admin.addRole')}</button>
          <button type="button" style={{ flex: 'none' }} disabled={setMemberships.isPending}
            onClick={() => setMemberships.mutate({ userId, memberships }, { onSuccess: () => setDraftRoles(null) })}>{t('admin.save')}</button>
        </div>
      </section>

      <section className="card">
        <h2>{t('admin.permissionsTitle')}</h2>
        <p className="muted">{t('admin.permissionsHelp')}</p>
        <form className="stack" onSubmit={onPermissions}>
          {status(setPermissions)}
          <div className="perm-grid">
          {permissions.map((perm: Permission) => (
            <Field key={perm} label={t(`permissions.${perm}`)}>
              <select name={`perm-${perm}`} defaultValue={overrides.has(perm) ? (overrides.get(perm) ? 'grant' : 'revoke') : 'role'}>
                <option value="role">{t('admin.fromRole')}</option>
                <option value="grant">{t('admin.grant')}</option>
                <option value="revoke">{t('admin.revoke')}</option>
              </select>
            </Field>
          ))}
          </div>
          <div><button type="submit" disabled={setPermissions.isPending}>{t('admin.save')}</button></div>
        </form>
      </section>

      <section className="card">
        <h2>{t('admin.clearanceTitle')}</h2>
        <form className="stack" onSubmit={onClearance}>
          {setClearance.data?.state === 'pending' ? <p className="form-ok" role="status">{t('clearanceRequests.pending')}</p> : status(setClearance)}
          <Field label={t('admin.clearance')}>
            <select name="clearance" defaultValue={p.clearance}>{clearances.map((c) => <option key={c} value={c}>{t(`clearance.${c}`)}</option>)}</select>
          </Field>
          <label className="check"><input type="checkbox" name="appointed" defaultChecked={p.classifiedAppointed} /> {t('admin.appointed')}</label>
          <div><button type="submit" disabled={setClearance.isPending}>{t('admin.save')}</button></div>
        </form>
      </section>

      <section className="card">
        <h2>{t('admin.resetPassword')}</h2>
        <form className="stack" onSubmit={onReset} noValidate>
          {status(reset)}
          <Field label={t('admin.newPassword')} hint={t('admin.passwordHint')} error={describe(reset.error).fields.password}>
            <input name="password" type="password" autoComplete="new-password" />
          </Field>
          <div><button type="submit" disabled={reset.isPending}>{t('admin.resetPassword')}</button></div>
        </form>
      </section>
    </>
  );
}
