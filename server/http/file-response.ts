import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { TRPCError } from '@trpc/server';
import { errorDetails } from '@/core/errors';
import { outageOf } from '@/server/shared/outage';
import { bucket, s3 } from '@/server/storage/s3';

export type ServedFile = { objectKey: string; fileName: string; contentType: string; size: number; sha256: string };

/** A stored file streamed from object storage, named in Thai, never cached by shared caches. */
export async function fileResponse(file: ServedFile, disposition: 'inline' | 'attachment' = 'inline') {
  const object = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: file.objectKey }));
  const body = Readable.toWeb(object.Body as Readable) as unknown as ReadableStream;
  return new Response(body, {
    headers: {
      'content-type': file.contentType,
      'content-length': String(file.size),
      'content-disposition': `${disposition}; filename="letter-file"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'x-content-sha256': file.sha256,
      'cache-control': 'private, no-store',
    },
  });
}

/** A procedure's refusal as the file endpoint's answer; a malformed id names no file: not found; a service down: 503 naming it. */
export function fileErrorResponse(error: unknown) {
  const outage = outageOf(error);
  if (outage) return Response.json({ messageKey: outage }, { status: 503 });
  if (!(error instanceof TRPCError)) throw error;
  if (error.code === 'BAD_REQUEST') return Response.json({ messageKey: 'not_found' }, { status: 404 });
  const { messageKey, status } = errorDetails(error);
  return Response.json({ messageKey }, { status });
}
