'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'use-intl';
import { Field } from '@/app/_components/field';
import { useAppError } from '@/app/_components/use-app-error';
import { useTRPC } from '@/app/_trpc/react';
import { useKeyring } from './keyring';

/**
 * Asks for the classified passphrase where a classified letter needs the person's key. A
 * person with no key is sent to set one up; one not appointed is told whom to ask.
 */
export function UnlockPanel({ purpose }: { purpose: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const describe = useAppError();
  const keyring = useKeyring();
  const status = useQuery(trpc.classified.status.queryOptions());
  const [problem, setProblem] = useState<'wrong' | 'other' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const passphrase = String(new FormData(e.currentTarget).get('passphrase') ?? '');
    setBusy(true);
    setProblem(null);
    setError(null);
    try {
      await keyring.unlock(passphrase);
    } catch (err) {
      if ((err as Error)?.name === 'SealBroken') setProblem('wrong');
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (keyring.unlocked) return null;
  if (status.data && !status.data.appointed) return <p className="form-error" role="alert">{t('errors.clearance_required')}</p>;
  if (status.data && !status.data.key) {
    return <p className="notice" role="status">{t('classified.noKeyYet')} <Link href="/account#classified">{t('classified.setUpLink')}</Link></p>;
  }
  const failed = describe(error as never);
  return (
    <form className="card stack unlock" onSubmit={onSubmit} noValidate aria-label={t('classified.unlockTitle')}>
      <h2>{t('classified.unlockTitle')}</h2>
      <p className="muted">{purpose}</p>
      {problem === 'wrong' && <p className="form-error" role="alert">{t('classified.wrongPassphrase')}</p>}
      {failed.message && <p className="form-error" role="alert">{failed.message}</p>}
      <Field label={t('classified.passphrase')}>
        <input name="passphrase" type="password" autoComplete="off" required />
      </Field>
      {status.data?.key && <p className="muted">{t('classified.yourFingerprint')} <code>{status.data.key.fingerprint}</code></p>}
      <div><button type="submit" disabled={busy}>{busy ? t('classified.unlocking') : t('classified.unlock')}</button></div>
    </form>
  );
}
