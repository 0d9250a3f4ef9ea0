import Link from 'next/link';
import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { getTranslator } from '@/app/i18n/server';
import { LetterView } from './letter-view';

export default async function LetterPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, me, t] = await Promise.all([params, getMe(), getTranslator()]);
  if (!me.permissions.includes('open')) return <Forbidden permission="open" />;
  return (
    <>
      <p><Link href="/inbox">← {t('letter.back')}</Link></p>
      <LetterView letterId={id} settings={me.agency.settings} permissions={me.permissions} />
    </>
  );
}
