import { getTranslator } from '@/app/i18n/server';
import { AgenciesManager } from './agencies-manager';

export default async function PlatformPage() {
  const t = await getTranslator();
  return (
    <>
      <h1>{t('platform.agencies')}</h1>
      <p className="muted">{t('platform.noLetters')}</p>
      <AgenciesManager />
    </>
  );
}
