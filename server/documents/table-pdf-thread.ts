import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TableSpec } from './table-pdf';

type Reply = { added?: number; done?: boolean; pages?: number; error?: string };

/**
 * Writes a table as PDF into `file` on a thread of its own, its rows read meanwhile on this one:
 * one batch is laid out while the next is read (never more than two in memory). The thread's
 * heap is bounded; it ends with the file, or at once when reading fails.
 */
export async function writeTablePdf(file: string, spec: TableSpec, batches: AsyncIterable<string[][]>): Promise<{ pages: number }> {
  const worker = new Worker(path.join(process.cwd(), 'server', 'documents', 'table-pdf-worker.mjs'), {
    workerData: { file, spec },
    resourceLimits: { maxOldGenerationSizeMb: 384 },
  });
  const reply = () => new Promise<Reply>((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (m: Reply) => {
      done();
      if (m.error) reject(new Error(`the PDF could not be written: ${m.error}`));
      else resolve(m);
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`the PDF thread stopped (${code})`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  try {
    let laying: Promise<Reply> | null = null;
    for await (const rows of batches) {
      if (laying) await laying;
      laying = reply();
      // Its failure is awaited below; meanwhile it is not an unhandled rejection.
      laying.catch(() => {});
      worker.postMessage({ rows });
    }
    if (laying) await laying;
    const finished = reply();
    worker.postMessage({ end: true });
    const { pages } = await finished;
    return { pages: pages ?? 0 };
  } finally {
    await worker.terminate();
  }
}
