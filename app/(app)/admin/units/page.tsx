import { getTranslator } from '@/app/i18n/server';
import { UnitsManager } from './units-manager';

export default async function UnitsPage() {
  const t = await getTranslator();
  return (
    <>
      <h1>{t('admin.units')}</h1>
      <UnitsManager />
    </>
  );
}
