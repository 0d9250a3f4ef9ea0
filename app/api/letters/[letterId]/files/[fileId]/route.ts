import { fileErrorResponse, fileResponse } from '@/server/http/file-response';
import { createCaller } from '@/server/routers/_app';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

/** A letter's file, streamed from object storage to whoever may see the letter (same checks as letters.files). */
export async function GET(req: Request, { params }: { params: Promise<{ letterId: string; fileId: string }> }) {
  const { letterId, fileId } = await params;
  try {
    const files = await createCaller(await requestContext(req)).letters.files({ letterId });
    const file = files.find((f) => f.id === fileId);
    if (!file) return Response.json({ messageKey: 'not_found' }, { status: 404 });
    return await fileResponse(file);
  } catch (error) {
    return fileErrorResponse(error);
  }
}
