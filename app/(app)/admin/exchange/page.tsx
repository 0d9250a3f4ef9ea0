import { getTranslator } from '@/app/i18n/server';
import { getMe } from '@/app/_trpc/viewer';
import { ExchangeForm } from './exchange-form';

export default async function ExchangePage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  return (
    <>
      <h1>{t('exchangeAdmin.title')}</h1>
      <p className="muted">{t('exchangeAdmin.help')}</p>
      <ExchangeForm thaiDigits={me.agency.settings.thaiDigits} />
    </>
  );
}
