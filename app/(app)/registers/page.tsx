import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { RegisterView } from './register-view';

export default async function RegistersPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('receive')) return <Forbidden permission="receive" />;
  return (
    <>
      <h1 className="no-print">{t('registers.title')}</h1>
      <RegisterView settings={me.agency.settings} agencyName={me.agency.nameTh} />
    </>
  );
}
