import Link from 'next/link';
import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { RegisterView } from './register-view';

export default async function RegistersPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('receive')) return <Forbidden permission="receive" />;
  return (
    <>
      <div className="page-head no-print">
        <h1>{t('registers.title')}</h1>
        <Link href="/registers/checks">{t('checks.title')}</Link>
      </div>
      <RegisterView settings={me.agency.settings} agencyName={me.agency.nameTh} />
    </>
  );
}
