import { randomUUID } from 'node:crypto';
import { AppError } from '@/core/errors';
import { createCaller } from '@/server/routers/_app';
import { removeStoredAfter, type StoredFile } from '@/server/storage/store-upload';
import { receiveFiles, uploadFailure } from './receive-files';
import { requestContext } from './request-context';

/**
 * A letter taken in with its files in one multipart request (POST /api/letters/paper and
 * /api/letters/classified): who may receive is checked before a byte is stored; files stream
 * into object storage (checked by content, or, sealed, stored unread); then the letter and its
 * files are recorded in one transaction. If anything fails, the stored files are removed (kept when
 * the database went away: the recording may have committed unseen).
 */
export async function receiveLetterUpload(req: Request, kind: 'paper' | 'sealed') {
  const ctx = await requestContext(req);
  let stored: StoredFile[] = [];
  try {
    const me = await createCaller(ctx).me.get();
    if (!me.permissions.includes('receive')) throw new AppError('forbidden');
    const folder = randomUUID();
    const received = await receiveFiles(req, () => `tenants/${me.agency.id}/letters/${folder}/${randomUUID()}`, ['letter'], { sealed: kind === 'sealed' });
    stored = received.stored;
    let letter: unknown;
    try {
      letter = JSON.parse(received.fields.letter ?? '');
    } catch {
      throw new AppError('invalid_input');
    }
    const caller = createCaller({ ...ctx, uploads: { letterId: folder, files: stored } });
    const result = kind === 'sealed'
      ? await caller.intake.recordSealedPaperLetter(letter as never)
      : await caller.intake.recordPaperLetter(letter as never);
    return Response.json({ id: result.id, files: stored.length });
  } catch (error) {
    await removeStoredAfter(error, stored.map((f) => f.objectKey));
    return uploadFailure(error, kind === 'sealed' ? 'classified letter upload' : 'paper letter upload');
  }
}
