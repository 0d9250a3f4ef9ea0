import path from 'node:path';
import { Piscina } from 'piscina';
import { AppError } from '@/core/errors';

/**
 * A scan's head is read (server/intake/read-letter-head.ts) on a thread of its own, never on the
 * thread that answers requests: cleaning a 300-dpi page and matching its digits is a second of
 * JavaScript, during which every other request would wait. One thread, with its own OCR engine:
 * one scan at a time per process, one more waiting, a further one refused at once.
 */
let pool: Piscina | undefined;

export async function readLetterHeadOffThread(file: Buffer, contentType: string, timeoutMs: number): Promise<string> {
  pool ??= new Piscina({
    filename: path.join(process.cwd(), 'server', 'intake', 'letter-head-worker.mjs'),
    maxThreads: 1, minThreads: 0, idleTimeout: 60_000, maxQueue: 1,
  });
  try {
    return await pool.run({ file, contentType, timeoutMs });
  } catch (error) {
    if (error instanceof Error && /queue is full/i.test(error.message)) throw new AppError('server_busy');
    throw error;
  }
}
