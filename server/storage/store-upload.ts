import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { sealedSize } from '@/core/classified-crypto';
import { AppError } from '@/core/errors';
import { outageOf } from '@/server/shared/outage';
import { assertReadable } from './inspect-file';
import { bucket, s3 } from './s3';

/** Files one letter may carry (scans of a paper letter, attachments of an e-mail). */
export const MAX_FILES_PER_LETTER = 20;

export type StoredFile = { objectKey: string; fileName: string; contentType: string; size: number; sha256: string; sealedFileId?: string };

/** The type a sealed file is stored as: ciphertext, opened only in a reader's browser. */
export const SEALED_TYPE = 'application/octet-stream';
/** The least a sealed file can be: its header and one authenticated (empty) segment (core/classified-crypto.ts). */
const SEALED_MIN_BYTES = sealedSize(0);

const kinds = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d], extensions: ['pdf'] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff], extensions: ['jpg', 'jpeg'] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], extensions: ['png'] },
  { type: 'image/tiff', magic: [0x49, 0x49, 0x2a, 0x00], extensions: ['tif', 'tiff'] },
  { type: 'image/tiff', magic: [0x4d, 0x4d, 0x00, 0x2a], extensions: ['tif', 'tiff'] },
] as const;

/** The file's type from its first bytes (never from its name), or null. */
const kindName = (type: string) => type === 'application/pdf' ? 'PDF' : type.slice('image/'.length).toUpperCase();

export function sniff(head: Buffer) {
  return kinds.find((k) => k.magic.every((byte, i) => head[i] === byte)) ?? null;
}

const EDGE = 8192;

/**
 * Streams an upload into object storage while counting, hashing (SHA-256) and keeping
 * its first and last bytes; then decides by content whether to keep it. A refused or
 * oversized file is removed again, so nothing half-stored remains.
 */
export async function storeUpload(input: { key: string; fileName: string; body: Readable; maxBytes: number; sealedFileId?: string }): Promise<StoredFile> {
  const hash = createHash('sha256');
  let size = 0;
  let overflow = false;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  // Kept whole (at most maxBytes) to be opened once stored: a scan must be readable, not only well-framed.
  const chunks: Buffer[] = [];
  const body = new PassThrough();
  const upload = new Upload({ client: s3(), params: { Bucket: bucket(), Key: input.key, Body: body } });
  const remove = () => s3().send(new DeleteObjectCommand({ Bucket: bucket(), Key: input.key })).catch(() => {});
  // The source is always read to its end (an oversized rest is discarded), so the
  // request it comes from is never left half-read.
  const copied = new Promise<void>((resolve, reject) => {
    input.body.on('data', (chunk: Buffer) => {
      if (overflow) return;
      size += chunk.length;
      if (size > input.maxBytes) {
        overflow = true;
        body.end();
        return;
      }
      hash.update(chunk);
      if (!input.sealedFileId) chunks.push(chunk);
      if (head.length < EDGE) head = Buffer.concat([head, chunk.subarray(0, EDGE - head.length)]);
      tail = Buffer.concat([tail, chunk]).subarray(-EDGE);
      if (!body.write(chunk)) {
        input.body.pause();
        body.once('drain', () => input.body.resume());
      }
    });
    input.body.once('end', () => {
      if (!overflow) body.end();
      resolve();
    });
    input.body.once('error', (error) => {
      body.destroy(error);
      reject(error);
    });
  });
  try {
    await Promise.all([copied, upload.done()]);
  } catch (error) {
    await remove();
    // The store being down is said as such (503, naming it); anything else is a failed upload.
    if (outageOf(error)) throw error;
    throw new AppError('upload_failed');
  }
  try {
    if (overflow) throw new AppError('file_too_large');
    // Ciphertext cannot be inspected here: its reader's browser checked the file before sealing it.
    if (input.sealedFileId) {
      if (size < SEALED_MIN_BYTES) throw new AppError('file_empty');
      return { objectKey: input.key, fileName: 'sealed', contentType: SEALED_TYPE, size, sha256: hash.digest('hex'), sealedFileId: input.sealedFileId };
    }
    const contentType = checkFile({ fileName: input.fileName, size, head, tail });
    await assertReadable(Buffer.concat(chunks, size), contentType);
    return { objectKey: input.key, fileName: input.fileName, contentType, size, sha256: hash.digest('hex') };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Refuses what an officer could not use: empty, unknown, misnamed, encrypted or truncated files. */
export function checkFile(f: { fileName: string; size: number; head: Buffer; tail: Buffer }) {
  if (f.size === 0) throw new AppError('file_empty');
  const kind = sniff(f.head);
  const extension = f.fileName.includes('.') ? f.fileName.toLowerCase().split('.').pop()! : '';
  // A name that promises a kind the content is not is said as such ("the content is not a PDF").
  const named = kinds.find((k) => (k.extensions as readonly string[]).includes(extension));
  if (named && named.type !== kind?.type) throw new AppError('file_type_mismatch', undefined, { kind: kindName(named.type) });
  if (!kind) throw new AppError('file_type_unsupported');
  if (extension && !named) throw new AppError('file_extension_mismatch', undefined, { kind: kindName(kind.type) });
  if (kind.type === 'application/pdf') {
    // The trailer (or a linearized file's first trailer) names /Encrypt; a complete PDF ends with %%EOF.
    if (f.head.includes('/Encrypt') || f.tail.includes('/Encrypt')) throw new AppError('pdf_encrypted');
    if (!f.tail.includes('%%EOF')) throw new AppError('pdf_corrupt');
  }
  return kind.type;
}

export async function removeStored(keys: string[]) {
  await Promise.all(keys.map((Key) => s3().send(new DeleteObjectCommand({ Bucket: bucket(), Key })).catch(() => {})));
}

/**
 * The files stored for a recording that failed with `error`: removed, unless the database went
 * away meanwhile. Then the transaction may have committed without its answer arriving, and its
 * rows would name files no longer there; they are kept, and those never recorded are removed by
 * the nightly sweep once a day old (sweep-orphans.ts).
 */
export async function removeStoredAfter(error: unknown, keys: string[]) {
  if (outageOf(error) === 'database_unavailable') return;
  await removeStored(keys);
}
