import { getTranslator } from '@/app/i18n/server';
import { BackupsManager } from './backups-manager';

export default async function PlatformBackupsPage() {
  const t = await getTranslator();
  return (
    <>
      <h1>{t('backup.title')}</h1>
      <p className="muted">{t('backup.intro')}</p>
      <BackupsManager />
      <p className="muted"><small>{t('backup.commands')}</small></p>
    </>
  );
}
