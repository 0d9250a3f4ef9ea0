import { getTranslator } from '@/app/i18n/server';
import { ChangePasswordForm } from './change-password-form';
import { ClassifiedKeyForm } from './classified-key-form';

export default async function AccountPage() {
  const t = await getTranslator();
  return (
    <>
      <h1>{t('account.title')}</h1>
      <ChangePasswordForm />
      <ClassifiedKeyForm />
    </>
  );
}
