import { getMe } from '@/app/_trpc/viewer';
import { getLocale, getTranslator } from '@/app/i18n/server';
import { formatDate } from '@/server/shared/thai-date';

export default async function HomePage() {
  const [me, t, locale] = await Promise.all([getMe(), getTranslator(), getLocale()]);
  const unit = me.memberships.find((m) => m.unitId === me.actingUnitId);
  const unitName = unit ? (locale === 'en' && unit.unitNameEn ? unit.unitNameEn : unit.unitNameTh) : '—';
  const roles = me.memberships.filter((m) => m.unitId === me.actingUnitId);
  const today = formatDate(new Date(), { locale, style: me.agency.settings.dateStyle, thaiDigits: me.agency.settings.thaiDigits });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('home.greeting', { name: locale === 'en' && me.user.fullNameEn ? me.user.fullNameEn : me.user.fullNameTh })}</h1>
          <p className="muted">{t('home.today', { date: today })}</p>
        </div>
      </div>
      <div className="grid">
        <section className="card">
          <h2>{t('nav.actingUnit')}</h2>
          <p data-testid="acting-unit">{t('home.actingFor', { unit: unitName })}</p>
          <h3>{t('home.yourRoles')}</h3>
          <ul className="chips">{roles.map((r) => <li className="chip" key={r.role}>{t(`roles.${r.role}`)}</li>)}</ul>
        </section>
        <section className="card">
          <h2>{t('home.yourPermissions')}</h2>
          {me.permissions.length === 0 ? <p className="muted">{t('home.noPermissions')}</p> : (
            <ul className="chips" data-testid="permissions">
              {me.permissions.map((p) => <li className="chip" key={p}>{t(`permissions.${p}`)}</li>)}
            </ul>
          )}
          <h3 style={{ marginTop: '1rem' }}>{t('home.clearance')}</h3>
          <p>{t(`clearance.${me.user.clearance}`)}</p>
        </section>
      </div>
    </>
  );
}
