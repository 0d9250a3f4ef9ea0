import Link from 'next/link';
import { getTranslator } from '@/app/i18n/server';
import { DisposalListView } from './disposal-list';

export default async function DisposalListPage({ params }: { params: Promise<{ listId: string }> }) {
  const [{ listId }, t] = await Promise.all([params, getTranslator()]);
  return (
    <>
      <p><Link href="/keeping">← {t('keeping.back')}</Link></p>
      <DisposalListView listId={listId} />
    </>
  );
}
