import { Suspense } from 'react';
import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { SearchView } from './search-view';

/** ค้นหา: one box and filters over every letter the person may open. */
export default async function SearchPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('open')) return <Forbidden permission="open" />;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('areas.searchTitle')}</h1>
          <p className="muted">{t('areas.searchBody')}</p>
        </div>
      </div>
      <Suspense>
        <SearchView settings={me.agency.settings} userId={me.user.id} cleared={me.user.clearance !== 'none'} keepsRegisters={me.permissions.includes('receive')} />
      </Suspense>
    </>
  );
}
