import type { Metadata } from 'next';
import { getTranslator } from '@/app/i18n/server';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'เข้าสู่ระบบ' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const t = await getTranslator();
  return (
    <main className="auth-page">
      <div className="auth-card">
        <header>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/garuda.svg" alt="" />
          <h1>{t('login.title')}</h1>
          <p className="muted">{t('app.tagline')}</p>
        </header>
        <LoginForm operator={params.as === 'operator'} notice={params.reason === 'expired' || params.reason === 'password_changed' ? params.reason : null} />
      </div>
    </main>
  );
}
