'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { classifiedCrypto } from '@/app/_components/classified/keyring';
import type { LetterNotes, OpenedLetter } from '@/app/_components/classified/sealed-letter';
import type { Secrecy } from '@/core/letters';

type Target = { key: number; kind: 'unit' | 'person'; id: string; purpose: 'action' | 'information' };

let lastKey = 0;
/** A new empty row (called from event handlers only). */
const blank = (): Target => ({ key: ++lastKey, kind: 'unit', id: '', purpose: 'action' });

/**
 * Route the letter to any number of units and people, each to act or for information. A
 * classified letter goes only to named people who are appointed, cleared and hold a key:
 * its content key is wrapped here, in this browser, for each of them (their key's
 * fingerprint shown, and flagged if it has changed).
 */
export function RoutingForm({ letterId, secrecy, opened, notes, onRouted }: {
  letterId: string; secrecy: Secrecy; opened: OpenedLetter | null; notes: LetterNotes; onRouted: () => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const classified = secrecy === 'confidential' || secrecy === 'secret';
  const recipients = useQuery({ ...trpc.letters.recipients.queryOptions(), enabled: !classified });
  const readers = useQuery({ ...trpc.classified.readers.queryOptions({ secrecy }), enabled: classified });
  const [targets, setTargets] = useState<Target[]>([{ key: 0, kind: classified ? 'person' : 'unit', id: '', purpose: 'action' }]);
  const [done, setDone] = useState(false);
  const route = useMutation(trpc.letters.route.mutationOptions({
    onSuccess: () => { setDone(true); setTargets([blank()]); onRouted(); },
  }));
  const error = describe(route.error);
  const update = (key: number, change: Partial<Target>) => setTargets((all) => all.map((x) => (x.key === key ? { ...x, ...change } : x)));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setDone(false);
    const note = await notes.seal(String(new FormData(e.currentTarget).get('note') ?? ''));
    const chosen = targets.filter((x) => x.id);
    let keys: Array<{ keyId: string; wrapped: string }> = [];
    if (classified && opened) {
      const c = await classifiedCrypto();
      const s = await c.sodium();
      const byId = new Map((readers.data ?? []).map((r) => [r.id, r]));
      keys = chosen.flatMap((x) => {
        const r = byId.get(x.id);
        return r ? [{ keyId: r.keyId, wrapped: c.wrapKey(s, opened.contentKey, letterId, r.publicKey) }] : [];
      });
    }
    route.mutate({
      letterId, note, keys,
      targets: chosen.map((x) => (x.kind === 'unit' ? { unitId: x.id, purpose: x.purpose } : { userId: x.id, purpose: x.purpose })),
    });
  }

  if (classified && !opened) return <p className="muted">{t('classified.unlockToRoute')}</p>;
  const readerOf = (id: string) => readers.data?.find((r) => r.id === id);

  return (
    <form className="stack routing-form" onSubmit={(e) => void submit(e)} aria-label={t('letter.route')}>
      <h3>{t('letter.route')}</h3>
      {classified && <p className="muted">{readers.data?.length === 0 ? t('classified.noReaders') : t('classified.readersTitle')}</p>}
      {done && <p className="form-ok" role="status">{t('letter.routed')}</p>}
      {error.message && <p className="form-error" role="alert">{error.message}</p>}
      {targets.map((x, i) => (
        <div className="row" key={x.key}>
          {!classified && (
            <select aria-label={`${t('letter.routeTo')} ${i + 1}`} value={x.kind} onChange={(e) => update(x.key, { kind: e.target.value as Target['kind'], id: '' })}>
              <option value="unit">{t('letter.addUnit')}</option>
              <option value="person">{t('letter.addPerson')}</option>
            </select>
          )}
          <select aria-label={`${t('letter.choose')} ${i + 1}`} value={x.id} onChange={(e) => update(x.key, { id: e.target.value })}>
            <option value="">{t('letter.choose')}</option>
            {classified
              ? readers.data?.map((p) => <option key={p.id} value={p.id}>{`${p.fullNameTh}${p.position ? ` (${p.position})` : ''}`}</option>)
              : x.kind === 'unit'
                ? recipients.data?.units.map((u) => <option key={u.id} value={u.id}>{u.nameTh}</option>)
                : recipients.data?.people.map((p) => <option key={p.id} value={p.id}>{`${p.fullNameTh}${p.position ? ` (${p.position})` : ''}`}</option>)}
          </select>
          <select aria-label={`${t('letter.purpose')} ${i + 1}`} value={x.purpose} onChange={(e) => update(x.key, { purpose: e.target.value as Target['purpose'] })}>
            <option value="action">{t('letter.purposeAction')}</option>
            <option value="information">{t('letter.purposeInformation')}</option>
          </select>
          {classified && readerOf(x.id) && (
            <small className={readerOf(x.id)!.keyChanged ? 'error' : 'muted'}>
              {t('classified.fingerprint')} <code>{readerOf(x.id)!.fingerprint}</code>{readerOf(x.id)!.keyChanged && <> — {t('classified.keyChanged')}</>}
            </small>
          )}
          {targets.length > 1 && (
            <button type="button" aria-label={t('letter.targetRemove')} onClick={() => setTargets((all) => all.filter((y) => y.key !== x.key))}>×</button>
          )}
        </div>
      ))}
      <div>
        <button type="button" onClick={() => setTargets((all) => [...all, { ...blank(), kind: classified ? 'person' : 'unit' }])}>+ {t('letter.routeTo')}</button>
      </div>
      <Field label={t('letter.note')} error={error.fields.note}><input name="note" /></Field>
      <div><button type="submit" disabled={route.isPending}>{t('letter.route')}</button></div>
    </form>
  );
}
