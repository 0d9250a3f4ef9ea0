import { randomUUID } from 'node:crypto';
import { AppError } from '@/core/errors';
import { receiveFiles, uploadFailure } from '@/server/http/receive-files';
import { createCaller } from '@/server/routers/_app';
import { removeStoredAfter, type StoredFile } from '@/server/storage/store-upload';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

/**
 * POST multipart/form-data `files`: attachments (สิ่งที่ส่งมาด้วย) of a draft. Whether the
 * person may change the draft is checked before a byte is stored; files stream into
 * storage, then are recorded with the draft; on any failure they are removed. A classified
 * draft's come sealed from the browser (parts `sealed:<file id>`, field `names`: each file's
 * sealed name by its id) and are stored unread.
 */
export async function POST(req: Request, { params }: { params: Promise<{ letterId: string }> }) {
  const { letterId } = await params;
  const ctx = await requestContext(req);
  let stored: StoredFile[] = [];
  try {
    const caller = createCaller(ctx);
    const draft = await caller.outgoing.get({ letterId });
    if (!draft.can.edit) throw new AppError('draft_not_editable');
    const sealed = draft.letter.secrecy !== 'normal';
    const received = await receiveFiles(req, () => `tenants/${draft.letter.tenantId}/outgoing/${letterId}/${randomUUID()}`, sealed ? ['names'] : [], { sealed });
    stored = received.stored;
    let names: unknown;
    try {
      names = sealed ? JSON.parse(received.fields.names ?? '') : undefined;
    } catch {
      throw new AppError('invalid_input');
    }
    const result = await createCaller({ ...ctx, uploads: { letterId, files: stored } }).outgoing.addAttachments({ letterId, names: names as never });
    return Response.json(result);
  } catch (error) {
    await removeStoredAfter(error, stored.map((f) => f.objectKey));
    return uploadFailure(error, 'attachment upload');
  }
}
