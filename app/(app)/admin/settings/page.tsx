import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { ReviewChainForm } from './review-chain-form';
import { SettingsForm } from './settings-form';

export default async function SettingsPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  return (
    <>
      <h1>{t('admin.settings')}</h1>
      <SettingsForm />
      <ReviewChainForm initial={me.agency.settings.reviewChain} />
    </>
  );
}
