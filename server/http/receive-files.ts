import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { TRPCError } from '@trpc/server';
import { sealedSize } from '@/core/classified-crypto';
import { outageOf } from '@/server/shared/outage';
import { env } from '@/core/env';
import { AppError, errorDetails } from '@/core/errors';
import { MAX_FILES_PER_LETTER, removeStored, storeUpload, type StoredFile } from '@/server/storage/store-upload';

/**
 * Streams the files of a multipart/form-data request into object storage one after
 * another (each checked by content as it is stored), and collects the small text fields.
 * On any failure the files stored so far are removed and the error is thrown.
 */
export async function receiveFiles(req: Request, keyFor: () => string, fieldNames: readonly string[] = [], options: { sealed?: boolean } = {}) {
  if (!req.body || !(req.headers.get('content-type') ?? '').startsWith('multipart/form-data')) throw new AppError('invalid_input');
  const maxBytes = env().MAX_UPLOAD_MB * 1024 * 1024;
  const stored: StoredFile[] = [];
  const fields: Record<string, string> = {};
  let problem: unknown = null;
  let chain = Promise.resolve();
  try {
    await new Promise<void>((resolve, reject) => {
      // Thai file names arrive as UTF-8 in the part headers.
      const parser = busboy({ headers: Object.fromEntries(req.headers), defParamCharset: 'utf8', limits: { files: MAX_FILES_PER_LETTER, fields: 5, fieldSize: 64 * 1024 } });
      parser.on('field', (name, value) => { if (fieldNames.includes(name)) fields[name] = value; });
      parser.on('file', (name, stream, info) => {
        chain = chain.then(async () => {
          if (problem) return void stream.resume();
          try {
            // A sealed file is named by the id its browser bound into the ciphertext (`sealed:<uuid>`).
            const fileId = /^sealed:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(name)?.[1];
            if (Boolean(options.sealed) !== Boolean(fileId)) throw new AppError(options.sealed ? 'classified_sealed_required' : 'invalid_input');
            // Sealing adds a header and a tag per segment to the limit's plain bytes.
            const limit = fileId ? sealedSize(maxBytes) : maxBytes;
            stored.push(await storeUpload({ key: keyFor(), fileName: (info.filename || 'file').slice(0, 255), body: stream, maxBytes: limit, sealedFileId: fileId }));
          } catch (error) {
            // A refusal names the file it is about ("fake.pdf: …"); a service outage is not the file's.
            problem = error instanceof AppError ? error.about((info.filename || '').slice(0, 255)) : error;
            stream.resume();
          }
        });
      });
      parser.on('filesLimit', () => { problem ??= new AppError('too_many_files'); });
      parser.on('close', () => void chain.then(resolve));
      parser.on('error', reject);
      Readable.fromWeb(req.body as unknown as WebReadableStream).pipe(parser);
    });
    if (problem) throw problem;
    return { stored, fields };
  } catch (error) {
    await removeStored(stored.map((f) => f.objectKey));
    throw error;
  }
}

/** The answer of an upload endpoint that failed: the message key and field issues, never internals. */
export function uploadFailure(error: unknown, what: string) {
  // A service that is down is named first, however deep its error sits (a procedure wraps it).
  const outage = outageOf(error);
  if (outage) return Response.json({ error: { messageKey: outage, fieldErrors: null } }, { status: 503 });
  if (error instanceof TRPCError) {
    const { messageKey, fieldErrors, params, status } = errorDetails(error);
    if (status === 500) console.error(`${what}:`, error.cause ?? error);
    return Response.json({ error: { messageKey, fieldErrors, params } }, { status });
  }
  console.error(`${what}:`, error);
  return Response.json({ error: { messageKey: 'internal', fieldErrors: null } }, { status: 500 });
}
