import Link from 'next/link';
import { getTranslator } from '@/app/i18n/server';
import { PersonEditor } from './person-editor';

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, t] = await Promise.all([params, getTranslator()]);
  return (
    <>
      <p><Link href="/admin/people">← {t('admin.backToPeople')}</Link></p>
      <PersonEditor userId={id} />
    </>
  );
}
