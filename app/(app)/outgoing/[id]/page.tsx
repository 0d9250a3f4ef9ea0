import { Forbidden } from '@/app/_components/forbidden';
import { getMe } from '@/app/_trpc/viewer';
import { env } from '@/core/env';
import { OutgoingLetter } from './outgoing-letter';

export default async function OutgoingLetterPage({ params }: { params: Promise<{ id: string }> }) {
  const [me, { id }] = await Promise.all([getMe(), params]);
  if (!me.permissions.includes('open')) return <Forbidden permission="open" />;
  return <OutgoingLetter id={id} settings={me.agency.settings} maxUploadMb={env().MAX_UPLOAD_MB} canSetUpMail={me.permissions.includes('admin')} />;
}
