import Link from 'next/link';
import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { ChecksReport } from './checks-report';

export default async function ChecksPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('receive')) return <Forbidden permission="receive" />;
  return (
    <>
      <p className="no-print"><Link href="/registers">← {t('registers.title')}</Link></p>
      <h1>{t('checks.title')}</h1>
      <ChecksReport settings={me.agency.settings} agencyName={me.agency.nameTh} />
    </>
  );
}
