import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { TRPCError } from '@trpc/server';
import { errorDetails } from '@/core/errors';
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

/** A procedure's refusal as the file endpoint's answer; a malformed id names no file: not found. */
export function fileErrorResponse(error: unknown) {
  if (!(error instanceof TRPCError)) throw error;
  if (error.code === 'BAD_REQUEST') return Response.json({ messageKey: 'not_found' }, { status: 404 });
  const { messageKey, status } = errorDetails(error);
  return Response.json({ messageKey }, { status });
}
