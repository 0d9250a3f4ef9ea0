import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { TRPCError } from '@trpc/server';
import { env } from '@/server/env';
import { AppError, errorDetails } from '@/server/errors';
import { createCaller } from '@/server/routers/_app';
import { MAX_FILES_PER_LETTER, removeStored, storeUpload, type StoredFile } from '@/server/storage/store-upload';
import { createContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

function failure(error: unknown) {
  if (error instanceof TRPCError) {
    const { messageKey, fieldErrors, status } = errorDetails(error);
    return Response.json({ error: { messageKey, fieldErrors } }, { status });
  }
  console.error('paper letter upload:', error);
  return Response.json({ error: { messageKey: 'internal', fieldErrors: null } }, { status: 500 });
}

/**
 * POST multipart/form-data: `letter` (the details as JSON, as for registry.recordPaperLetter)
 * and any number of `files` (scans: PDF, JPEG, PNG, TIFF). Who may receive is checked
 * before a byte is stored; files stream into object storage; then the letter and its
 * files are recorded in one transaction. If anything fails, the stored files are removed.
 */
export async function POST(req: Request) {
  const ctx = await createContext({ cookie: req.headers.get('cookie') });
  const stored: StoredFile[] = [];
  try {
    const me = await createCaller(ctx).me.get();
    if (!me.permissions.includes('receive')) throw new AppError('forbidden');
    if (!req.body || !(req.headers.get('content-type') ?? '').startsWith('multipart/form-data')) throw new AppError('invalid_input');

    const letterId = randomUUID();
    const maxBytes = env().MAX_UPLOAD_MB * 1024 * 1024;
    let details = '';
    let problem: unknown = null;
    let chain = Promise.resolve();
    await new Promise<void>((resolve, reject) => {
      // Thai file names arrive as UTF-8 in the part headers.
      const parser = busboy({ headers: Object.fromEntries(req.headers), defParamCharset: 'utf8', limits: { files: MAX_FILES_PER_LETTER, fields: 5, fieldSize: 64 * 1024 } });
      parser.on('field', (name, value) => { if (name === 'letter') details = value; });
      parser.on('file', (_name, stream, info) => {
        chain = chain.then(async () => {
          if (problem) return void stream.resume();
          const key = `tenants/${me.agency.id}/letters/${letterId}/${randomUUID()}`;
          try {
            stored.push(await storeUpload({ key, fileName: (info.filename || 'scan').slice(0, 255), body: stream, maxBytes }));
          } catch (error) {
            problem = error;
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

    let letter: unknown;
    try {
      letter = JSON.parse(details);
    } catch {
      throw new AppError('invalid_input');
    }
    const caller = createCaller({ ...ctx, uploads: { letterId, files: stored } });
    const result = await caller.registry.recordPaperLetter(letter as never);
    return Response.json({ id: result.id, files: stored.length });
  } catch (error) {
    await removeStored(stored.map((f) => f.objectKey));
    return failure(error);
  }
}
