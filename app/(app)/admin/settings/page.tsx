import { getTranslator } from '@/app/i18n/server';
import { SettingsForm } from './settings-form';

export default async function SettingsPage() {
  const t = await getTranslator();
  return (
    <>
      <h1>{t('admin.settings')}</h1>
      <SettingsForm />
    </>
  );
}
