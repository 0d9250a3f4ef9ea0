import { fileErrorResponse, fileResponse } from '@/server/http/file-response';
import { createCaller } from '@/server/routers/_app';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

/** A disposal list as PDF or workbook (keeping.document), for whoever may see the list. */
export async function GET(req: Request, { params }: { params: Promise<{ listId: string; format: string }> }) {
  const { listId, format } = await params;
  try {
    const file = await createCaller(await requestContext(req)).keeping.document({ listId, format: format as 'pdf' | 'xlsx' });
    return await fileResponse(file, 'attachment');
  } catch (error) {
    return fileErrorResponse(error);
  }
}
