import busboy from 'busboy';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { env } from '@/core/env';
import { AppError } from '@/core/errors';
import { proposeDetails, type ProposedDetails } from '@/server/intake/propose-details';
import { readLetterHeadOffThread } from '@/server/intake/letter-head-pool';
import { readLetterData } from '@/server/letters/letter-data';
import { createCaller } from '@/server/routers/_app';
import { assertReadable } from '@/server/storage/inspect-file';
import { checkFile } from '@/server/storage/store-upload';
import { uploadFailure } from './receive-files';
import { requestContext } from './request-context';

/** Scans read at once by this process for proposals; more wait for none: the officer types, or tries again. */
const AT_ONCE = 2;
/** A proposal reads the first page only, within this time. */
const OCR_MS = 30_000;
let reading = 0;

/**
 * POST multipart/form-data `file`: the details a scanned paper letter says of itself, proposed
 * for the officer to confirm (server/intake/propose-details.ts). Nothing is stored: the file is
 * held in memory within the upload limit, checked by content like a recorded one, and its first
 * page read, from the letter data a PDF of record carries, else by OCR
 * (server/intake/read-letter-head.ts, on a thread of its own).
 */
export async function proposeFromScan(req: Request) {
  const ctx = await requestContext(req);
  try {
    const me = await createCaller(ctx).me.get();
    if (!me.permissions.includes('receive')) throw new AppError('forbidden');
    if (reading >= AT_ONCE) throw new AppError('server_busy');
    reading++;
    try {
      const file = await oneFile(req, env().MAX_UPLOAD_MB * 1024 * 1024);
      let contentType: string;
      try {
        contentType = checkFile({ fileName: file.name, size: file.bytes.length, head: file.bytes.subarray(0, 8192), tail: file.bytes.subarray(-8192) });
        await assertReadable(file.bytes, contentType);
      } catch (error) {
        throw error instanceof AppError ? error.about(file.name) : error;
      }
      return Response.json({ proposal: await propose(file.bytes, contentType) });
    } finally {
      reading--;
    }
  } catch (error) {
    return uploadFailure(error, 'scan proposal');
  }
}

async function propose(bytes: Buffer, contentType: string): Promise<ProposedDetails & { source: 'data' | 'ocr' }> {
  const data = contentType === 'application/pdf' ? await readLetterData(bytes) : null;
  if (data) {
    return {
      source: 'data', documentNumber: data.documentNumber, letterDate: data.date, subject: data.subject, fromText: data.sender.organization,
      toText: data.receiver.addressee, urgency: data.urgency, secrecy: data.secrecy,
    };
  }
  return { source: 'ocr', ...proposeDetails(await readLetterHeadOffThread(bytes, contentType, OCR_MS)) };
}

/** The one file of the request, in memory, refused past `maxBytes` before more is read. */
function oneFile(req: Request, maxBytes: number) {
  if (!req.body || !(req.headers.get('content-type') ?? '').startsWith('multipart/form-data')) throw new AppError('invalid_input');
  return new Promise<{ name: string; bytes: Buffer }>((resolve, reject) => {
    const parser = busboy({ headers: Object.fromEntries(req.headers), defParamCharset: 'utf8', limits: { files: 1, fields: 0, fileSize: maxBytes } });
    let found: Promise<{ name: string; bytes: Buffer }> | null = null;
    parser.on('file', (_field, stream, info) => {
      const name = (info.filename || 'file').slice(0, 255);
      found = new Promise((done, fail) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => fail(new AppError('file_too_large').about(name)));
        stream.on('end', () => done({ name, bytes: Buffer.concat(chunks) }));
        stream.on('error', fail);
      });
    });
    parser.on('close', () => (found ? found.then(resolve, reject) : reject(new AppError('invalid_input'))));
    parser.on('error', reject);
    Readable.fromWeb(req.body as unknown as WebReadableStream).pipe(parser);
  });
}
