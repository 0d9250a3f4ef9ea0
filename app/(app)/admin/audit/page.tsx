import { getTranslator } from '@/app/i18n/server';
import { AuditList } from './audit-list';
import { ChainCheck } from './chain-check';

export default async function AuditPage() {
  const t = await getTranslator();
  return (
    <>
      <h1>{t('admin.audit')}</h1>
      <ChainCheck />
      <AuditList />
    </>
  );
}
