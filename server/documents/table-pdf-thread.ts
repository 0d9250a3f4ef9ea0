import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { TableSpec } from './table-pdf';

let pool: Piscina | undefined;

/** One thread (idle ones end after a minute) with a bounded heap; further tables wait their turn. */
function tablePool() {
  pool ??= new Piscina({
    filename: path.join(process.cwd(), 'server', 'documents', 'table-pdf-worker.mjs'),
    maxThreads: 1, minThreads: 0, idleTimeout: 60_000, maxQueue: 16,
    resourceLimits: { maxOldGenerationSizeMb: 384 },
  });
  return pool;
}

/**
 * Writes a table as PDF into `file` on a thread of its own while its rows are read on this one:
 * one batch is laid out while the next is read (never more than two in memory).
 */
export async function writeTablePdf(file: string, spec: TableSpec, batches: AsyncIterable<string[][]>): Promise<{ pages: number }> {
  const { port1, port2 } = new MessageChannel();
  const task = tablePool().run({ file, spec, port: port2 }, { transferList: [port2] }) as Promise<{ pages: number }>;
  // A failure of the thread ends the waits below (and is what this rejects with).
  let failed: unknown = null;
  task.catch((error: unknown) => { failed = error; port1.emit('message', { error }); });
  const reply = () => new Promise<void>((resolve, reject) => {
    port1.once('message', (m: { error?: unknown }) => (m.error ? reject(m.error) : resolve()));
  });
  try {
    let laying: Promise<void> | null = null;
    for await (const rows of batches) {
      if (laying) await laying;
      if (failed) throw failed;
      laying = reply();
      // Its failure is awaited above; meanwhile it is not an unhandled rejection.
      laying.catch(() => {});
      port1.postMessage({ rows });
    }
    if (laying) await laying;
    port1.postMessage({ end: true });
    return await task;
  } catch (error) {
    port1.postMessage({ abort: true });
    await task.catch(() => {});
    throw error;
  } finally {
    port1.close();
  }
}

export async function closeTablePool() {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
