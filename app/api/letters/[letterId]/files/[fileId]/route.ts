import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { TRPCError } from '@trpc/server';
import { errorDetails } from '@/server/errors';
import { createCaller } from '@/server/routers/_app';
import { bucket, s3 } from '@/server/storage/s3';
import { createContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';


/** A letter's file, streamed from object storage to whoever may see the letter (same checks as registry.files). */
export async function GET(req: Request, { params }: { params: Promise<{ letterId: string; fileId: string }> }) {
  const { letterId, fileId } = await params;
  try {
    const files = await createCaller(await createContext({ cookie: req.headers.get('cookie') })).registry.files({ letterId });
    const file = files.find((f) => f.id === fileId);
    if (!file) return Response.json({ messageKey: 'not_found' }, { status: 404 });
    const object = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: file.objectKey }));
    const body = Readable.toWeb(object.Body as Readable) as unknown as ReadableStream;
    return new Response(body, {
      headers: {
        'content-type': file.contentType,
        'content-length': String(file.size),
        'content-disposition': `inline; filename="letter-file"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'x-content-sha256': file.sha256,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (error instanceof TRPCError) {
      // A malformed id names no file: not found, like a missing one.
      if (error.code === 'BAD_REQUEST') return Response.json({ messageKey: 'not_found' }, { status: 404 });
      const { messageKey, status } = errorDetails(error);
      return Response.json({ messageKey }, { status });
    }
    throw error;
  }
}
