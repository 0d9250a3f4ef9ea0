import { randomUUID } from 'node:crypto';
import { AppError } from '@/core/errors';
import { receiveFiles, uploadFailure } from '@/server/http/receive-files';
import { createCaller } from '@/server/routers/_app';
import { removeStored, type StoredFile } from '@/server/storage/store-upload';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

/**
 * POST multipart/form-data: `letter` (the details as JSON, as for intake.recordPaperLetter)
 * and any number of `files` (scans: PDF, JPEG, PNG, TIFF). Who may receive is checked
 * before a byte is stored; files stream into object storage; then the letter and its
 * files are recorded in one transaction. If anything fails, the stored files are removed.
 */
export async function POST(req: Request) {
  const ctx = await requestContext(req);
  let stored: StoredFile[] = [];
  try {
    const me = await createCaller(ctx).me.get();
    if (!me.permissions.includes('receive')) throw new AppError('forbidden');
    const letterId = randomUUID();
    const received = await receiveFiles(req, () => `tenants/${me.agency.id}/letters/${letterId}/${randomUUID()}`, ['letter']);
    stored = received.stored;
    let letter: unknown;
    try {
      letter = JSON.parse(received.fields.letter ?? '');
    } catch {
      throw new AppError('invalid_input');
    }
    const caller = createCaller({ ...ctx, uploads: { letterId, files: stored } });
    const result = await caller.intake.recordPaperLetter(letter as never);
    return Response.json({ id: result.id, files: stored.length });
  } catch (error) {
    await removeStored(stored.map((f) => f.objectKey));
    return uploadFailure(error, 'paper letter upload');
  }
}
