/**
 * The background-job process: the outbox relay and graphile-worker (receipt stamps, OCR,
 * e-mail, deliveries, polling, reminders). `npm start` runs it as its own child process,
 * so it never shares a module graph with Next.js (whose bundled React would clash with
 * the e-mail renderer's); it needs the server's environment plus DATABASE_URL (owner).
 */
import { closePools } from '@/db/client';
import { stopOcr } from '@/server/documents/ocr';
import { startJobWorker } from '@/server/jobs/worker';

async function main() {
  const ownerUrl = process.env.DATABASE_URL;
  if (!ownerUrl) throw new Error('DATABASE_URL (the owner connection) is required by the job worker');
  const worker = await startJobWorker(ownerUrl, { concurrency: Math.max(1, Number(process.env.JOB_CONCURRENCY ?? 8)) });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop().catch(() => {});
    await stopOcr().catch(() => {});
    await closePools().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // The parent's end is this process's end too.
  process.on('disconnect', () => void stop());
  // When the database stops first (the whole server shutting down), its pool's error is expected.
  process.on('uncaughtException', (error) => {
    if (/administrator command|Connection terminated/.test(error.message)) return void stop();
    console.error('[jobs]', error);
    process.exit(1);
  });
  console.log(`[jobs] worker started (${process.env.JOB_CONCURRENCY ?? 8} at a time)`);
}

void main().catch((error) => {
  console.error('[jobs]', error instanceof Error ? error.message : error);
  process.exit(1);
});
