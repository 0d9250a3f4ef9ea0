import { Logger, run, runOnce, type Runner, type TaskList } from 'graphile-worker';
import postgres from 'postgres';
import { crontab, scheduledTasks, taskList } from './tasks';

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
      select array_agg((task, payload::json, null, run_at, max_attempts, job_key, null, null)::graphile_worker.job_spec order by id) as list
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

/**
 * Runs the background jobs of every tenant in this process: the outbox relay (every
 * RELAY_MS while idle, at once while there is a backlog) and graphile-worker, which
 * retries failed jobs with exponential backoff. Each task sets its own tenant for RLS.
 */
export async function startJobWorker(ownerUrl: string, options: { concurrency?: number; relayMs?: number; tasks?: TaskList } = {}): Promise<JobWorker> {
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const runner: Runner = await run({
    connectionString: ownerUrl, concurrency: options.concurrency ?? 4, noHandleSignals: true, pollInterval: 1000,
    taskList: options.tasks ?? { ...taskList, ...scheduledTasks }, crontab, logger: quietLogger,
  });
  let stopped = false;
  const relayMs = options.relayMs ?? 20;
  const loop = (async () => {
    while (!stopped) {
      let moved = 0;
      try {
        moved = await relayOutbox(owner);
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
      await loop;
      await runner.stop();
      await owner.end({ timeout: 5 });
    },
  };
}

/** Runs every job that is due now (and any jobs those queue), then returns: for tests and scripts. */
export async function drainJobs(ownerUrl: string, tasks: TaskList = taskList) {
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    for (let round = 0; round < 20; round++) {
      const moved = await relayOutbox(owner);
      await runOnce({ connectionString: ownerUrl, taskList: tasks, logger: quietLogger });
      const [left] = await owner<{ n: number }[]>`select count(*)::int as n from outbox.jobs`;
      if (moved === 0 && left!.n === 0) return;
    }
  } finally {
    await owner.end({ timeout: 5 });
  }
}
