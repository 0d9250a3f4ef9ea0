import type { Metadata } from 'next';
import { getTranslator } from '@/app/i18n/server';
import { ClearanceRequests } from './clearance-requests';

export const metadata: Metadata = { title: 'อนุมัติชั้นความลับ' };

export default async function ClearancePage() {
  const t = await getTranslator();
  return (
    <>
      <h1>{t('clearanceRequests.title')}</h1>
      <p className="muted">{t('clearanceRequests.intro')}</p>
      <ClearanceRequests />
    </>
  );
}
