import { fileErrorResponse, fileResponse } from '@/server/http/file-response';
import { createCaller } from '@/server/routers/_app';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

/** A register export made for the signed-in person (registry.startExport), once ready: theirs alone. */
export async function GET(req: Request, { params }: { params: Promise<{ exportId: string }> }) {
  const { exportId } = await params;
  try {
    const file = await createCaller(await requestContext(req)).registry.exportFile({ exportId });
    return await fileResponse(file, 'attachment');
  } catch (error) {
    return fileErrorResponse(error);
  }
}
