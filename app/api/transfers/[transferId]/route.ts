import { fileErrorResponse, fileResponse } from '@/server/http/file-response';
import { createCaller } from '@/server/routers/_app';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

/** A transfer to the National Archives as its ZIP (keeping.transferFile), for the agency's keepers. */
export async function GET(req: Request, { params }: { params: Promise<{ transferId: string }> }) {
  const { transferId } = await params;
  try {
    const file = await createCaller(await requestContext(req)).keeping.transferFile({ transferId });
    return await fileResponse(file, 'attachment');
  } catch (error) {
    return fileErrorResponse(error);
  }
}
