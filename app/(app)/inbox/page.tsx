import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { WaitingLetters } from './waiting-letters';

export default async function InboxPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('open')) return <Forbidden permission="open" />;
  return (
    <>
      <h1>{t('areas.inboxTitle')}</h1>
      {me.permissions.includes('receive') ? <WaitingLetters settings={me.agency.settings} /> : (
        <section className="card">
          <h2>{t('inbox.routedTitle')}</h2>
          <p className="empty">{t('areas.empty')}</p>
        </section>
      )}
    </>
  );
}
