import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import type { Permission } from '@/core/access';

type Area = 'inbox' | 'outgoing' | 'registers' | 'search';

/** An area of the product whose content arrives with its own capability; guarded by the permission it will need. */
export async function AreaPage({ area, permission }: { area: Area; permission: Permission }) {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes(permission)) return <Forbidden permission={permission} />;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t(`areas.${area}Title`)}</h1>
          <p className="muted">{t(`areas.${area}Body`)}</p>
        </div>
      </div>
      <section className="card empty">{t('areas.empty')}</section>
    </>
  );
}
