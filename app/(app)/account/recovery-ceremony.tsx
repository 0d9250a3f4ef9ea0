'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { classifiedCrypto } from '@/app/_components/classified/keyring';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC, useTRPCClient } from '@/app/_trpc/react';
import { useDigits } from '@/app/_components/digits';

/**
 * The recovery ceremony (docs/classified.md): a person who forgot their passphrase has set
 * up a new key; the head of agency or the classified-documents registrar types the printed
 * recovery key here, and this browser re-wraps that person's letters for their new key.
 * The recovery key stays in this page's memory for the ceremony only.
 */
export function RecoveryCeremony() {
  const t = useTranslations();
  const digits = useDigits();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const work = useQuery(trpc.classified.recoveryWork.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);
  const [state, setState] = useState<{ busy: boolean; done: number | null; problem: string | null; error: unknown }>({ busy: false, done: null, problem: null, error: null });

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!chosen) return;
    const printed = String(new FormData(e.currentTarget).get('recoveryKey') ?? '');
    setState({ busy: true, done: null, problem: null, error: null });
    try {
      const c = await classifiedCrypto();
      const s = await c.sodium();
      let recovery;
      try {
        recovery = c.readRecoveryKey(s, printed);
      } catch {
        return setState({ busy: false, done: null, problem: t('classified.recoveryKeyWrong'), error: null });
      }
      let done = 0;
      for (;;) {
        const batch = await client.classified.recoveryBatch.query({ userId: chosen });
        if (batch.letters.length === 0) break;
        const keys = batch.letters.flatMap((l) => {
          try {
            const contentKey = c.unwrapKey(s, l.wrapped, l.letterId, recovery);
            return [{ letterId: l.letterId, wrapped: c.wrapKey(s, contentKey, l.letterId, batch.key.publicKey) }];
          } catch {
            return [];
          }
        });
        if (keys.length === 0) return setState({ busy: false, done, problem: t('classified.recoveryKeyWrong'), error: null });
        done += (await client.classified.recover.mutate({ userId: chosen, keys })).recovered;
        if (keys.length < batch.letters.length) break;
      }
      recovery.privateKey.fill(0);
      setState({ busy: false, done, problem: null, error: null });
      void queryClient.invalidateQueries({ queryKey: trpc.classified.recoveryWork.queryKey() });
    } catch (error) {
      setState({ busy: false, done: null, problem: null, error });
    }
  }

  const failed = describe(state.error as never);
  if (!work.data || work.data.length === 0) return state.done !== null ? <p className="form-ok" role="status">{t('classified.recovered', { count: digits(state.done) })}</p> : null;
  return (
    <form className="stack" onSubmit={(e) => void onSubmit(e)} noValidate aria-label={t('classified.recoveryCeremony')}>
      <h3>{t('classified.recoveryCeremony')}</h3>
      <p className="muted">{t('classified.recoveryCeremonyExplain')}</p>
      {(state.problem || failed.message) && <p className="form-error" role="alert">{state.problem ?? failed.message}</p>}
      {state.done !== null && <p className="form-ok" role="status">{t('classified.recovered', { count: digits(state.done) })}</p>}
      <Field label={t('classified.recoverFor')}>
        <select value={chosen ?? ''} onChange={(e) => setChosen(e.target.value || null)}>
          <option value="">{t('letter.choose')}</option>
          {work.data.map((w) => <option key={w.userId!} value={w.userId!}>{t('classified.recoverLine', { name: w.fullNameTh, count: digits(w.letters) })}</option>)}
        </select>
      </Field>
      <Field label={t('classified.recoveryKeyInput')}>
        <textarea name="recoveryKey" rows={3} autoComplete="off" spellCheck={false} />
      </Field>
      <div><button type="submit" disabled={state.busy || !chosen}>{t('classified.recover')}</button></div>
    </form>
  );
}
