'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';
import { classifiedCrypto, useKeyring } from '@/app/_components/classified/keyring';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC, useTRPCClient } from '@/app/_trpc/react';
import { formatDate } from '@/server/shared/thai-date';
import { RecoveryCeremony } from './recovery-ceremony';
import { useDigits } from '@/app/_components/digits';

const MIN_PASSPHRASE = 12;

/**
 * The person's key for classified letters: made in this browser, its private half sealed
 * here under a classified passphrase (Argon2id) that never leaves the browser. Only the
 * public key and the sealed private key are sent, with the sign-in password re-checked.
 */
export function ClassifiedKeyForm() {
  const t = useTranslations();
  const digits = useDigits();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const keyring = useKeyring();
  const describe = useAppError();
  const status = useQuery(trpc.classified.status.queryOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const setUp = useMutation({
    mutationFn: async (input: { passphrase: string; password: string }) => {
      const c = await classifiedCrypto();
      const s = await c.sodium();
      const { owner } = await client.classified.sealedKey.query();
      const { sealed } = c.createKeyPair(s, input.passphrase, owner);
      const { fingerprint: _, ...upload } = sealed;
      return client.classified.setUpKey.mutate({ password: input.password, ...upload });
    },
    onSuccess: () => {
      keyring.lock();
      void queryClient.invalidateQueries({ queryKey: trpc.classified.status.queryKey() });
    },
  });
  const error = describe(setUp.error as never);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const passphrase = String(f.get('passphrase') ?? '');
    if (passphrase.length < MIN_PASSPHRASE) return setProblem(t('classified.passphraseTooShort', { min: digits(MIN_PASSPHRASE) }));
    if (passphrase !== String(f.get('confirm') ?? '')) return setProblem(t('account.mismatch'));
    setProblem(null);
    setUp.mutate({ passphrase, password: String(f.get('password') ?? '') });
  }

  const data = status.data;
  if (!data) return null;
  return (
    <section className="card" id="classified" aria-labelledby="classified-title">
      <h2 id="classified-title">{t('classified.keyTitle')}</h2>
      {!data.appointed ? <p className="muted">{t('classified.notAppointed')}</p> : (
        <>
          {data.key
            ? <p>{t('classified.keySince', { date: formatDate(data.key.createdAt, { withTime: true }) })} <br />{t('classified.yourFingerprint')} <code>{data.key.fingerprint}</code></p>
            : <p className="notice">{t('classified.noKeyYet')}</p>}
          {keyring.unlocked && (
            <p>{t('classified.unlockedNow')} <button type="button" className="secondary" onClick={keyring.lock}>{t('classified.lock')}</button></p>
          )}
          {setUp.isSuccess && <p className="notice" role="status">{t('classified.keyReady', { fingerprint: setUp.data.fingerprint })}</p>}
          <p className="muted">{data.key ? t('classified.replaceWarning') : t('classified.keyExplain')}</p>
          <form className="stack" onSubmit={onSubmit} noValidate>
            {(problem || error.message) && <p className="form-error" role="alert">{problem ?? error.message}</p>}
            <Field label={t('classified.passphrase')} hint={t('classified.passphraseHint', { min: digits(MIN_PASSPHRASE) })}>
              <input name="passphrase" type="password" autoComplete="new-password" />
            </Field>
            <Field label={t('classified.confirmPassphrase')}>
              <input name="confirm" type="password" autoComplete="new-password" />
            </Field>
            <Field label={t('account.currentPassword')} error={error.fields.password}>
              <input name="password" type="password" autoComplete="current-password" />
            </Field>
            <div><button type="submit" disabled={setUp.isPending}>{setUp.isPending ? t('classified.making') : data.key ? t('classified.replaceKey') : t('classified.setUpKey')}</button></div>
          </form>
        </>
      )}
      {data.mayKeepRecoveryKey && <RecoveryKeyForm current={data.recovery} />}
    </section>
  );
}

/**
 * The agency's recovery key, made by the head of agency or the classified-documents
 * registrar: the private half is shown once here to print and keep offline; only the
 * public half is sent.
 */
function RecoveryKeyForm({ current }: { current: { fingerprint: string; createdAt: Date | string; createdByName: string } | null }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const describe = useAppError();
  const [printed, setPrinted] = useState<{ privateKey: string; fingerprint: string } | null>(null);
  const make = useMutation({
    mutationFn: async (password: string) => {
      const c = await classifiedCrypto();
      const recovery = c.createRecoveryKey(await c.sodium());
      await client.classified.setUpRecoveryKey.mutate({ password, publicKey: recovery.publicKey });
      return recovery;
    },
    onSuccess: (recovery) => {
      setPrinted({ privateKey: recovery.privateKey, fingerprint: recovery.fingerprint });
      void queryClient.invalidateQueries({ queryKey: trpc.classified.status.queryKey() });
    },
  });
  const error = describe(make.error as never);

  return (
    <div className="stack recovery">
      <h3>{t('classified.recoveryTitle')}</h3>
      {current
        ? <p>{t('classified.recoverySince', { date: formatDate(current.createdAt, { withTime: true }), name: current.createdByName })} <code>{current.fingerprint}</code></p>
        : <p className="notice">{t('classified.recoveryMissing')}</p>}
      {printed ? (
        <div className="card printable" role="status">
          <p><strong>{t('classified.recoveryShownOnce')}</strong></p>
          <p><code className="recovery-key">{printed.privateKey}</code></p>
          <p className="muted">{t('classified.recoveryFingerprint')} <code>{printed.fingerprint}</code></p>
          <button type="button" onClick={() => window.print()}>{t('classified.print')}</button>
        </div>
      ) : (
        <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); make.mutate(String(new FormData(e.currentTarget).get('password') ?? '')); }}>
          <p className="muted">{t('classified.recoveryExplain')}</p>
          {error.message && <p className="form-error" role="alert">{error.message}</p>}
          <Field label={t('account.currentPassword')} error={error.fields.password}>
            <input name="password" type="password" autoComplete="current-password" />
          </Field>
          <div><button type="submit" disabled={make.isPending}>{current ? t('classified.replaceRecovery') : t('classified.makeRecovery')}</button></div>
        </form>
      )}
      {current && <RecoveryCeremony />}
    </div>
  );
}
