'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { useTranslations } from 'use-intl';

export function LoginForm({ operator, notice }: { operator: boolean; notice: 'expired' | 'password_changed' | null }) {
  const t = useTranslations('login');
  const router = useRouter();
  const [error, setError] = useState<string | null>(notice === 'expired' ? t('expired') : null);
  const info = notice === 'password_changed' && !error ? t('passwordChanged') : null;
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      redirect: false,
      kind: operator ? 'operator' : 'user',
      agency: String(form.get('agency') ?? ''),
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
    });
    setPending(false);
    if (!result || result.error) {
      // One message for every wrong part; only the lockout is told apart.
      setError(result?.error === 'too_many_attempts' ? t('locked') : t('failed'));
      return;
    }
    router.replace(operator ? '/platform' : '/');
    router.refresh();
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      {operator && <h2>{t('operatorTitle')}</h2>}
      {error && <p className="form-error" role="alert">{error}</p>}
      {info && <p className="form-info" role="status">{info}</p>}
      {!operator && (
        <label className="field">
          <span>{t('agency')}</span>
          <input name="agency" autoComplete="organization" placeholder={t('agencyHint')} required autoCapitalize="none" />
        </label>
      )}
      <label className="field">
        <span>{t('username')}</span>
        <input name="username" autoComplete="username" required autoCapitalize="none" />
      </label>
      <label className="field">
        <span>{t('password')}</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={pending}>{pending ? t('submitting') : t('submit')}</button>
      <p className="switch">
        <Link href={operator ? '/login' : '/login?as=operator'}>{operator ? t('asAgency') : t('asOperator')}</Link>
      </p>
    </form>
  );
}
