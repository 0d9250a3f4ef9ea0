import { EventEmitter } from 'node:events';
import { Logger, run, runOnce, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import postgres from 'postgres';
import { crontab, ownerTasks, scheduledTasks, taskList } from './tasks';
import { publishAuditHeads, sealAuditChains } from '@/server/audit/audit-chain';
import { loadPdfjs } from '@/server/documents/pdfjs';
import { indexAllPending, indexPendingSafely } from '@/server/search/index-letters';
import { beat, forgetWorkers, HEARTBEAT_MS, registerWorkers, releaseDeadWorkers } from './worker-registry';

/**
 * Moves committed outbox rows into graphile-worker, oldest first, in one statement
 * per batch (one NOTIFY per batch rather than one per job: a NOTIFY serializes every
 * committing transaction that sends one, so the app's own transactions never send it).
 * Returns how many jobs were moved.
 */
export async function relayOutbox(owner: postgres.Sql, batchSize = 500): Promise<number> {
  const [row] = await owner<{ moved: number }[]>`
    with batch as (
      delete from outbox.jobs
      where id in (select id from outbox.jobs order by id limit ${batchSize} for update skip locked)
      returning id, task, payload, job_key, run_at, max_attempts),
    latest as (
      -- Several rows with one job key (queued twice before the relay ran): the newest wins, as add_job would do.
      select distinct on (coalesce(job_key, id::text)) * from batch order by coalesce(job_key, id::text), id desc),
    specs as (
      -- Each agency's OCR runs in its own queue (one file at a time per agency), so one agency's
      -- heavy scans never hold every job slot while another agency's letters wait; so do its
      -- register exports (a year's PDF takes minutes and a core).
      select array_agg((task, payload::json, case task when 'letter.ocr' then 'ocr:' || (payload->>'tenantId')
                                                       when 'register.export' then 'export:' || (payload->>'tenantId') end,
        run_at, max_attempts, job_key, null, null)::graphile_worker.job_spec order by id) as list
      from latest)
    select coalesce((select count(*)::int from graphile_worker.add_jobs(specs.list)), 0) as moved
    from specs where specs.list is not null`;
  return row?.moved ?? 0;
}

/** One line per failed attempt (the job is retried); no stack traces in the server's log. */
const quietLogger = new Logger(() => (level, message) => {
  if (level !== 'error' && level !== 'warning') return;
  // At shutdown the database may stop before the worker's listener does.
  if (/administrator command|UNLISTEN|not queryable/.test(message)) return;
  console.error(`[jobs] ${message.split('\n')[0]}`);
});

export type JobWorker = { stop: () => Promise<void> };

const SEAL_MS = 200;
/** How often the search indexer looks for marked letters while it has none. */
const INDEX_MS = 250;
/** Each agency's verified chain head goes to the object store a minute after start, then daily. */
const PUBLISH_FIRST_MS = 60_000;
const PUBLISH_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * Runs the background jobs of every tenant in this process: the outbox relay (every
 * RELAY_MS while idle, at once while there is a backlog) and graphile-worker, which
 * retries failed jobs with exponential backoff. Each task sets its own tenant for RLS.
 * Its workers are registered and beat (server/jobs/worker-registry.ts): jobs locked by a
 * worker that died (a killed process) are released when this one starts and every beat after.
 * Stopping waits for running jobs up to `stopTimeoutMs`, then abandons them (they run again).
 */
export async function startJobWorker(ownerUrl: string, options: { concurrency?: number; relayMs?: number; tasks?: TaskList; stopTimeoutMs?: number; onFatal?: () => void } = {}): Promise<JobWorker> {
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  // pdf.js (the received files' check, OCR's pages) is loaded as the worker starts, not by the first letter that needs it (about half a second).
  await loadPdfjs().catch(() => {});
  const released = await releaseDeadWorkers(owner);
  if (released.length > 0) console.error(`[jobs] released the jobs of ${released.length} worker(s) that stopped without finishing`);
  const events = new EventEmitter() as WorkerEvents;
  // Jobs are locked under the pool's id (and, for some, a worker's): both are registered.
  const mine: string[] = [];
  const registering: Array<Promise<void>> = [];
  const register = (id: string) => {
    mine.push(id);
    registering.push(registerWorkers(owner, [id]).catch((error) => console.error('[jobs] could not register a worker:', error instanceof Error ? error.message : error)));
  };
  events.on('pool:create', ({ workerPool }) => register(workerPool.id));
  events.on('worker:create', ({ worker }) => register(worker.workerId));
  // graphile-worker stops its pool when the database goes away mid-job (a job's end could not be
  // recorded) and may wait for ever on that database to finish stopping: then this process is
  // done for. It exits (crash-only), and the launcher starts a new worker, which releases what this
  // one held at once (server/jobs/worker-registry.ts): its unrecorded jobs run again.
  let stopped = false;
  const fatal = (reason: string) => {
    if (stopped) return;
    stopped = true;
    console.error(`[jobs] the job runner cannot go on (${reason.split('\n')[0]}); exiting for the launcher to start it again`);
    (options.onFatal ?? (() => process.exit(70)))();
  };
  events.on('pool:gracefulShutdown', ({ message }) => fatal(message));
  events.on('pool:fatalError', ({ error }) => fatal(String(error)));
  const runner: Runner = await run({
    connectionString: ownerUrl, concurrency: options.concurrency ?? 4, noHandleSignals: true, pollInterval: 1000,
    taskList: options.tasks ?? { ...taskList, ...scheduledTasks, ...ownerTasks(ownerUrl) }, crontab, logger: quietLogger, events,
    // A job's end is recorded through graphile-worker's batcher, whose failure stops the pool
    // (the events above) instead of leaving a promise nobody awaits.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  });
  const heartbeat = setInterval(() => {
    void beat(owner).then(() => releaseDeadWorkers(owner)).catch((error) => {
      if (!stopped) console.error('[jobs] heartbeat failed:', error instanceof Error ? error.message : error);
    });
  }, HEARTBEAT_MS);
  const publish = () => void publishAuditHeads(owner).catch((error) => {
    if (!stopped) console.error('[audit] publishing the chain heads failed:', error instanceof Error ? error.message : error);
  });
  const firstPublish = setTimeout(publish, PUBLISH_FIRST_MS);
  const dailyPublish = setInterval(publish, PUBLISH_EVERY_MS);
  const relayMs = options.relayMs ?? 20;
  let lastSeal = 0;
  let lastIndex = 0;
  const loop = (async () => {
    while (!stopped) {
      let moved = 0;
      try {
        moved = await relayOutbox(owner);
        // Letters marked for search are indexed in batches, at once while there is a backlog.
        if (Date.now() - lastIndex >= INDEX_MS) {
          const indexed = await indexPendingSafely(owner);
          if (indexed === 0) lastIndex = Date.now();
          moved += indexed;
        }
        // The audit chain is sealed right after its entries commit (every SEAL_MS at most).
        if (Date.now() - lastSeal >= SEAL_MS) {
          lastSeal = Date.now();
          await sealAuditChains(owner);
        }
      } catch (error) {
        if (!stopped) console.error('[jobs] relay failed:', error instanceof Error ? error.message : error);
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (moved === 0) await new Promise((r) => setTimeout(r, relayMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(heartbeat);
      clearTimeout(firstPublish);
      clearInterval(dailyPublish);
      await loop;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((r) => { timer = setTimeout(() => r('timeout'), options.stopTimeoutMs ?? 10_000); });
      // A job that never ends (stuck on a file or a service) must not keep the process alive: it is abandoned and runs again later.
      if (await Promise.race([runner.stop().then(() => 'stopped' as const, () => 'stopped' as const), timedOut]) === 'timeout') await runner.kill('stop timed out').catch(() => {});
      clearTimeout(timer);
      await Promise.all(registering);
      // What this process still holds (an abandoned job) is released for another worker to run.
      await owner`select graphile_worker.force_unlock_workers(${mine}::text[])`.catch(() => {});
      await forgetWorkers(owner).catch(() => {});
      await owner.end({ timeout: 5 });
    },
  };
}

/** Runs every job that is due now (and any jobs those queue), then returns: for tests and scripts. */
export async function drainJobs(ownerUrl: string, tasks: TaskList = taskList) {
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    for (let round = 0; round < 20; round++) {
      const moved = await relayOutbox(owner) + await indexAllPending(owner);
      await runOnce({ connectionString: ownerUrl, taskList: tasks, logger: quietLogger });
      const [left] = await owner<{ n: number }[]>`select count(*)::int as n from outbox.jobs`;
      if (moved === 0 && left!.n === 0) return;
    }
  } finally {
    await owner.end({ timeout: 5 });
  }
}
