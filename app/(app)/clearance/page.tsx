import type { Metadata } from 'next';
import { getTranslator } from '@/app/i18n/server';
import { getMe } from '@/app/_trpc/viewer';
import { ClassifiedRegister } from './classified-register';
import { ClearanceRequests } from './clearance-requests';

export const metadata: Metadata = { title: 'อนุมัติชั้นความลับ' };

export default async function ClearancePage() {
  const [t, me] = await Promise.all([getTranslator(), getMe()]);
  return (
    <>
      <h1>{t('clearanceRequests.title')}</h1>
      <p className="muted">{t('clearanceRequests.intro')}</p>
      <ClearanceRequests />
      {me.mayApproveClearance && <ClassifiedRegister />}
    </>
  );
}
