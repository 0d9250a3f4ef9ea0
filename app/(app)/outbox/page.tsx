import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { OutboxView } from './outbox-view';

export default async function OutboxPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('receive')) return <Forbidden permission="receive" />;
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <OutboxView settings={me.agency.settings} />
    </>
  );
}
