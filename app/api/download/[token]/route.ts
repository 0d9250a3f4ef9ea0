import { fileResponse } from '@/server/http/file-response';
import { resolveDownload } from '@/server/sending/download-link';

export const dynamic = 'force-dynamic';

/** GET: a file of a letter sent by e-mail, through the expiring signed link the e-mail carries (no sign-in). */
export async function GET(_req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await resolveDownload(token);
  if ('error' in found) {
    return Response.json({ messageKey: found.error === 'expired' ? 'download_expired' : 'not_found' }, { status: found.error === 'expired' ? 410 : 404 });
  }
  return fileResponse(found.file, 'attachment');
}
