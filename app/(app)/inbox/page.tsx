import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { env } from '@/core/env';
import { MyLetters, Rejections } from './my-letters';
import { WaitingLetters } from './waiting-letters';

export default async function InboxPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('open')) return <Forbidden permission="open" />;
  const receives = me.permissions.includes('receive');
  return (
    <>
      <h1>{t('areas.inboxTitle')}</h1>
      <MyLetters settings={me.agency.settings} />
      {receives && <WaitingLetters settings={me.agency.settings} maxUploadMb={env().MAX_UPLOAD_MB} actingUnitId={me.actingUnitId} />}
      {receives && <Rejections settings={me.agency.settings} />}
    </>
  );
}
