import { fileErrorResponse, fileResponse } from '@/server/http/file-response';
import { createCaller } from '@/server/routers/_app';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

/** A file of an outgoing letter (the signed PDF, an attachment) to whoever may see the letter. */
export async function GET(req: Request, { params }: { params: Promise<{ letterId: string; fileId: string }> }) {
  const { letterId, fileId } = await params;
  try {
    const file = await createCaller(await requestContext(req)).outgoing.file({ letterId, fileId });
    return await fileResponse(file);
  } catch (error) {
    return fileErrorResponse(error);
  }
}
