import { AppError } from '@/core/errors';
import { receiveArchiveUpload } from '@/server/keeping/archive-import';
import { uploadFailure } from '@/server/http/receive-files';
import { requestContext } from '@/server/http/request-context';
import { createCaller } from '@/server/routers/_app';

export const dynamic = 'force-dynamic';

/**
 * POST multipart/form-data: `unitId` (the unit whose receive register the lines join; the agency's
 * own if absent), `register` (CSV or XLSX) and `files` (a ZIP of the letters' files). An admin only;
 * the columns are then mapped on screen and the import started (keeping.startImport).
 */
export async function POST(req: Request) {
  try {
    const me = await createCaller(await requestContext(req)).me.get();
    if (!me.permissions.includes('admin')) throw new AppError('forbidden');
    return Response.json(await receiveArchiveUpload(req, { tenantId: me.agency.id, userId: me.user.id, name: me.user.fullNameTh }));
  } catch (error) {
    return uploadFailure(error, 'archive import upload');
  }
}
