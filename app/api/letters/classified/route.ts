import { randomUUID } from 'node:crypto';
import { AppError } from '@/core/errors';
import { receiveFiles, uploadFailure } from '@/server/http/receive-files';
import { requestContext } from '@/server/http/request-context';
import { createCaller } from '@/server/routers/_app';
import { removeStored, type StoredFile } from '@/server/storage/store-upload';

export const dynamic = 'force-dynamic';

/**
 * POST multipart/form-data: `letter` (as for intake.recordSealedPaperLetter) and the
 * letter's scans sealed in the recorder's browser, each as a part named `sealed:<file id>`.
 * The ciphertext streams into object storage unread; then the letter, its files and its
 * wrapped keys are recorded in one transaction, or the stored files are removed again.
 */
export async function POST(req: Request) {
  const ctx = await requestContext(req);
  let stored: StoredFile[] = [];
  try {
    const me = await createCaller(ctx).me.get();
    if (!me.permissions.includes('receive')) throw new AppError('forbidden');
    const folder = randomUUID();
    const received = await receiveFiles(req, () => `tenants/${me.agency.id}/letters/${folder}/${randomUUID()}`, ['letter'], { sealed: true });
    stored = received.stored;
    let letter: unknown;
    try {
      letter = JSON.parse(received.fields.letter ?? '');
    } catch {
      throw new AppError('invalid_input');
    }
    const caller = createCaller({ ...ctx, uploads: { letterId: folder, files: stored } });
    const result = await caller.intake.recordSealedPaperLetter(letter as never);
    return Response.json({ id: result.id, files: stored.length });
  } catch (error) {
    await removeStored(stored.map((f) => f.objectKey));
    return uploadFailure(error, 'classified letter upload');
  }
}
