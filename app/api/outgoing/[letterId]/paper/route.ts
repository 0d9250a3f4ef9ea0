import { randomUUID } from 'node:crypto';
import { AppError } from '@/core/errors';
import { receiveFiles, uploadFailure } from '@/server/http/receive-files';
import { createCaller } from '@/server/routers/_app';
import { removeStoredAfter, type StoredFile } from '@/server/storage/store-upload';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

/**
 * POST multipart/form-data `files`: the scan of a letter signed on paper, for the number reserved
 * for it (จองเลข). Whether the number is still reserved is checked before a byte is stored; files
 * stream into storage (each checked by content), then are recorded; on any failure they are removed.
 */
export async function POST(req: Request, { params }: { params: Promise<{ letterId: string }> }) {
  const { letterId } = await params;
  const ctx = await requestContext(req);
  let stored: StoredFile[] = [];
  try {
    const caller = createCaller(ctx);
    const letter = await caller.outgoing.get({ letterId });
    if (letter.letter.state !== 'reserved') throw new AppError('not_reserved');
    const received = await receiveFiles(req, () => `tenants/${letter.letter.tenantId}/outgoing/${letterId}/${randomUUID()}`);
    stored = received.stored;
    const result = await createCaller({ ...ctx, uploads: { letterId, files: stored } }).outgoing.attachPaper({ letterId });
    return Response.json(result);
  } catch (error) {
    await removeStoredAfter(error, stored.map((f) => f.objectKey));
    return uploadFailure(error, 'paper letter scan upload');
  }
}
