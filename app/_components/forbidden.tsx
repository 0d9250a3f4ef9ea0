import Link from 'next/link';
import { getTranslator } from '@/app/i18n/server';
import type { Permission } from '@/core/access';

export async function Forbidden({ permission }: { permission: Permission }) {
  const t = await getTranslator();
  return (
    <section className="card" role="alert">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.body', { permission: t(`permissions.${permission}`) })}</p>
      <Link className="button secondary" href="/">{t('forbidden.back')}</Link>
    </section>
  );
}
