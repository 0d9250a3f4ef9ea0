'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';

type Unit = { id: string; parentId: string | null; nameTh: string; nameEn: string; ownerNumber: string | null; active: boolean };

/** Units in tree order with their depth. */
export function treeOrder(units: Unit[]) {
  const children = new Map<string | null, Unit[]>();
  for (const u of units) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const out: Array<Unit & { depth: number }> = [];
  const walk = (parent: string | null, depth: number) => {
    for (const u of children.get(parent) ?? []) {
      out.push({ ...u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function UnitsManager() {
  const t = useTranslations('admin');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const units = useQuery(trpc.units.list.queryOptions());
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.units.list.queryKey() });
  const create = useMutation(trpc.units.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.units.update.mutationOptions({ onSuccess: () => { setEditing(null); void refresh(); } }));

  const ordered = treeOrder(units.data ?? []);
  const createError = describe(create.error);
  const updateError = describe(update.error);

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = e.currentTarget;
    create.mutate(
      { parentId: String(f.get('parentId')), nameTh: String(f.get('nameTh')), nameEn: String(f.get('nameEn')), ownerNumber: String(f.get('ownerNumber')) },
      { onSuccess: () => form.reset() },
    );
  }

  function onUpdate(e: FormEvent<HTMLFormElement>, unit: Unit) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    update.mutate({
      unitId: unit.id, parentId: unit.parentId === null ? null : String(f.get('parentId')),
      nameTh: String(f.get('nameTh')), nameEn: String(f.get('nameEn')), ownerNumber: String(f.get('ownerNumber')),
      active: f.get('active') === 'on',
    });
  }

  return (
    <>
      <div className="table-wrap card" style={{ padding: 0 }}>
        <table className="list">
          <thead><tr><th>{t('unitName')}</th><th>{t('ownerNumber')}</th><th>{t('status')}</th><th /></tr></thead>
          <tbody>
            {ordered.map((u) => editing === u.id ? (
              <tr key={u.id}>
                <td colSpan={4}>
                  <form className="stack" onSubmit={(e) => onUpdate(e, u)}>
                    {updateError.message && <p className="form-error" role="alert">{updateError.message}</p>}
                    <div className="row">
                      <Field label={t('unitName')} error={updateError.fields.nameTh}><input name="nameTh" defaultValue={u.nameTh} /></Field>
                      <Field label={t('unitNameEn')} error={updateError.fields.nameEn}><input name="nameEn" defaultValue={u.nameEn} /></Field>
                      <Field label={t('ownerNumber')} error={updateError.fields.ownerNumber}><input name="ownerNumber" defaultValue={u.ownerNumber ?? ''} /></Field>
                    </div>
                    {u.parentId && (
                      <div className="row">
                        <Field label={t('parentUnit')}>
                          <select name="parentId" defaultValue={u.parentId}>
                            {ordered.filter((o) => o.id !== u.id).map((o) => <option key={o.id} value={o.id}>{'— '.repeat(o.depth)}{o.nameTh}</option>)}
                          </select>
                        </Field>
                        <label className="check"><input type="checkbox" name="active" defaultChecked={u.active} /> {t('active')}</label>
                      </div>
                    )}
                    {!u.parentId && <input type="hidden" name="active" value="on" />}
                    <div className="row" style={{ justifyContent: 'flex-end' }}>
                      <button type="button" className="secondary" style={{ flex: 'none' }} onClick={() => setEditing(null)}>{t('cancel')}</button>
                      <button type="submit" style={{ flex: 'none' }} disabled={update.isPending}>{t('save')}</button>
                    </div>
                  </form>
                </td>
              </tr>
            ) : (
              <tr key={u.id}>
                <td style={{ paddingLeft: `${0.7 + u.depth * 1.5}rem` }}>{u.nameTh}{u.nameEn && <div className="muted">{u.nameEn}</div>}</td>
                <td>{u.ownerNumber ?? ''}</td>
                <td><span className={`badge ${u.active ? 'ok' : 'off'}`}>{u.active ? t('active') : '—'}</span></td>
                <td><button type="button" className="secondary" onClick={() => { update.reset(); setEditing(u.id); }}>{t('editUnit')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card">
        <h2>{t('addUnit')}</h2>
        <form className="stack" onSubmit={onCreate} noValidate>
          {createError.message && <p className="form-error" role="alert">{createError.message}</p>}
          {create.isSuccess && <p className="form-ok" role="status">{t('created')}</p>}
          <div className="row">
            <Field label={t('parentUnit')} error={createError.fields.parentId}>
              <select name="parentId">{ordered.map((o) => <option key={o.id} value={o.id}>{'— '.repeat(o.depth)}{o.nameTh}</option>)}</select>
            </Field>
            <Field label={t('unitName')} error={createError.fields.nameTh}><input name="nameTh" /></Field>
          </div>
          <div className="row">
            <Field label={t('unitNameEn')} error={createError.fields.nameEn}><input name="nameEn" /></Field>
            <Field label={t('ownerNumber')} error={createError.fields.ownerNumber} hint="0105"><input name="ownerNumber" /></Field>
          </div>
          <div><button type="submit" disabled={create.isPending}>{t('addUnit')}</button></div>
        </form>
      </section>
    </>
  );
}
