import Link from 'next/link';
import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { ImportUpload } from './import-upload';

export default async function ImportPage() {
  const [me, t] = await Promise.all([getMe(), getTranslator()]);
  if (!me.permissions.includes('admin')) return <Forbidden permission="admin" />;
  return (
    <>
      <p><Link href="/keeping">← {t('keeping.back')}</Link></p>
      <h1>{t('keeping.import.title')}</h1>
      <ImportUpload />
    </>
  );
}
