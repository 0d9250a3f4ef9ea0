import { fileErrorResponse } from '@/server/http/file-response';
import { createCaller } from '@/server/routers/_app';
import { requestContext } from '@/server/http/request-context';

export const dynamic = 'force-dynamic';

/** The letter (a version of it: ?version=) as DOCX, to whoever may see the letter. */
export async function GET(req: Request, { params }: { params: Promise<{ letterId: string }> }) {
  const { letterId } = await params;
  const version = Number(new URL(req.url).searchParams.get('version')) || undefined;
  try {
    const { fileName, base64 } = await createCaller(await requestContext(req)).outgoing.docx({ letterId, version });
    return new Response(Buffer.from(base64, 'base64'), {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'content-disposition': `attachment; filename="letter.docx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    return fileErrorResponse(error);
  }
}
