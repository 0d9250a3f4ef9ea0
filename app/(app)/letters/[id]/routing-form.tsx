'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';

type Target = { key: number; kind: 'unit' | 'person'; id: string; purpose: 'action' | 'information' };

let lastKey = 0;
/** A new empty row (called from event handlers only). */
const blank = (): Target => ({ key: ++lastKey, kind: 'unit', id: '', purpose: 'action' });

/** Route the letter to any number of units and people, each to act or for information. */
export function RoutingForm({ letterId, onRouted }: { letterId: string; onRouted: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const recipients = useQuery(trpc.letters.recipients.queryOptions());
  const [targets, setTargets] = useState<Target[]>([{ key: 0, kind: 'unit', id: '', purpose: 'action' }]);
  const [done, setDone] = useState(false);
  const route = useMutation(trpc.letters.route.mutationOptions({
    onSuccess: () => { setDone(true); setTargets([blank()]); onRouted(); },
  }));
  const error = describe(route.error);
  const update = (key: number, change: Partial<Target>) => setTargets((all) => all.map((x) => (x.key === key ? { ...x, ...change } : x)));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(false);
    const chosen = targets.filter((x) => x.id);
    route.mutate({
      letterId, note: String(new FormData(e.currentTarget).get('note') ?? ''),
      targets: chosen.map((x) => (x.kind === 'unit' ? { unitId: x.id, purpose: x.purpose } : { userId: x.id, purpose: x.purpose })),
    });
  }

  return (
    <form className="stack routing-form" onSubmit={submit} aria-label={t('letter.route')}>
      <h3>{t('letter.route')}</h3>
      {done && <p className="form-ok" role="status">{t('letter.routed')}</p>}
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      {targets.map((x, i) => (
        <div className="row" key={x.key}>
          <select aria-label={`${t('letter.routeTo')} ${i + 1}`} value={x.kind} onChange={(e) => update(x.key, { kind: e.target.value as Target['kind'], id: '' })}>
            <option value="unit">{t('letter.addUnit')}</option>
            <option value="person">{t('letter.addPerson')}</option>
          </select>
          <select aria-label={`${t('letter.choose')} ${i + 1}`} value={x.id} onChange={(e) => update(x.key, { id: e.target.value })}>
            <option value="">{t('letter.choose')}</option>
            {x.kind === 'unit'
              ? recipients.data?.units.map((u) => <option key={u.id} value={u.id}>{u.nameTh}</option>)
              : recipients.data?.people.map((p) => <option key={p.id} value={p.id}>{`${p.fullNameTh}${p.position ? ` (${p.position})` : ''}`}</option>)}
          </select>
          <select aria-label={`${t('letter.purpose')} ${i + 1}`} value={x.purpose} onChange={(e) => update(x.key, { purpose: e.target.value as Target['purpose'] })}>
            <option value="action">{t('letter.purposeAction')}</option>
            <option value="information">{t('letter.purposeInformation')}</option>
          </select>
          {targets.length > 1 && (
            <button type="button" aria-label={t('letter.targetRemove')} onClick={() => setTargets((all) => all.filter((y) => y.key !== x.key))}>×</button>
          )}
        </div>
      ))}
      <div>
        <button type="button" onClick={() => setTargets((all) => [...all, blank()])}>+ {t('letter.routeTo')}</button>
      </div>
      <Field label={t('letter.note')} error={error.fields.note}><input name="note" /></Field>
      <div><button type="submit" disabled={route.isPending}>{t('letter.route')}</button></div>
    </form>
  );
}
