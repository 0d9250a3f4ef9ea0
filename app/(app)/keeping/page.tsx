import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { KeepingView } from './keeping-view';

export default async function KeepingPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.mayKeep) return <p className="form-error" role="alert">{t('errors.forbidden')}</p>;
  return (
    <>
      <h1>{t('keeping.title')}</h1>
      <KeepingView isAdmin={me.permissions.includes('admin')} />
    </>
  );
}
