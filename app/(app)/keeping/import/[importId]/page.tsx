import Link from 'next/link';
import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { ImportView } from './import-view';

export default async function ImportOnePage({ params }: { params: Promise<{ importId: string }> }) {
  const [{ importId }, me, t] = await Promise.all([params, getMe(), getTranslator()]);
  if (!me.permissions.includes('admin')) return <Forbidden permission="admin" />;
  return (
    <>
      <p><Link href="/keeping/import">← {t('keeping.back')}</Link></p>
      <h1>{t('keeping.import.title')}</h1>
      <ImportView importId={importId} />
    </>
  );
}
