import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { OutgoingLists } from './outgoing-lists';
import { ReserveNumber } from './reserve-number';
import { UndeliveredList } from './undelivered-list';

export default async function OutgoingPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('open')) return <Forbidden permission="open" />;
  return (
    <>
      <h1>{t('areas.outgoingTitle')}</h1>
      <UndeliveredList settings={me.agency.settings} />
      <OutgoingLists settings={me.agency.settings} />
      {me.permissions.includes('send') && me.actingUnitId && <ReserveNumber thaiDigits={me.agency.settings.thaiDigits} />}
    </>
  );
}
