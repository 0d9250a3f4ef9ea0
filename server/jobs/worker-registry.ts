import os from 'node:os';
import type postgres from 'postgres';
import { processAlive } from '@/server/runtime/process-alive';

/**
 * Which job workers are alive (outbox.job_workers), so that the jobs a dead one had locked
 * are released at once rather than after graphile-worker's four hours. A worker is dead when
 * its process is gone from this host, or when it has not beaten for STALE_MS (another host).
 * A locker nobody registered (a worker that died before its row was written) is released
 * once its lock is older than UNKNOWN_LOCK_MS.
 */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 30_000;
export const UNKNOWN_LOCK_MS = 60_000;
/** Crashes of one job that do not count as attempts (migration 0044). */
export const FREE_CRASHES = 10;

const host = os.hostname();

export async function registerWorkers(owner: postgres.Sql, workerIds: readonly string[]) {
  if (workerIds.length === 0) return;
  await owner`insert into outbox.job_workers (worker_id, host, pid) select unnest(${workerIds as string[]}::text[]), ${host}, ${process.pid}
    on conflict (worker_id) do update set heartbeat_at = now()`;
}

export async function beat(owner: postgres.Sql) {
  await owner`update outbox.job_workers set heartbeat_at = now() where host = ${host} and pid = ${process.pid}`;
}

export async function forgetWorkers(owner: postgres.Sql) {
  await owner`delete from outbox.job_workers where host = ${host} and pid = ${process.pid}`;
}

/**
 * Releases the jobs (and queues) locked by dead workers, so they run again now; forgets those
 * workers. Returns the ids released. Safe to run from any process at any time.
 */
export async function releaseDeadWorkers(owner: postgres.Sql): Promise<string[]> {
  const lockers = await owner<Array<{ locked_by: string; locked_at: Date; host: string | null; pid: number | null; heartbeat_at: Date | null; now: Date }>>`
    with locked as (
      select locked_by, min(locked_at) as locked_at from graphile_worker._private_jobs where locked_by is not null group by locked_by
      union all
      select locked_by, min(locked_at) from graphile_worker._private_job_queues where locked_by is not null group by locked_by)
    select l.locked_by, min(l.locked_at) as locked_at, w.host, w.pid, w.heartbeat_at, now() as now
    from locked l left join outbox.job_workers w on w.worker_id = l.locked_by
    group by l.locked_by, w.host, w.pid, w.heartbeat_at`;
  const dead = lockers.filter((l) => {
    if (l.host === null) return l.now.getTime() - l.locked_at.getTime() > UNKNOWN_LOCK_MS;
    if (l.host === host && !processAlive(l.pid!)) return true;
    return l.now.getTime() - l.heartbeat_at!.getTime() > STALE_MS;
  }).map((l) => l.locked_by);
  if (dead.length > 0) {
    await owner.begin(async (tx) => {
      // The attempt a dead worker took is given back (up to FREE_CRASHES times per job), then the locks go.
      await tx`
        with held as (select id from graphile_worker._private_jobs where locked_by = any(${dead}::text[])),
        counted as (
          insert into outbox.job_crashes (job_id, crashes) select id, 1 from held
          on conflict (job_id) do update set crashes = outbox.job_crashes.crashes + 1
          returning job_id, crashes)
        update graphile_worker._private_jobs j set attempts = greatest(j.attempts - 1, 0)
        from counted c where j.id = c.job_id and c.crashes <= ${FREE_CRASHES}`;
      await tx`select graphile_worker.force_unlock_workers(${dead}::text[])`;
      await tx`delete from outbox.job_crashes c where not exists (select 1 from graphile_worker._private_jobs j where j.id = c.job_id)`;
    });
  }
  // Rows of dead processes holding nothing are forgotten too.
  const rows = await owner<Array<{ worker_id: string; host: string; pid: number; stale: boolean }>>`
    select worker_id, host, pid, heartbeat_at < now() - make_interval(secs => ${STALE_MS / 1000}) as stale from outbox.job_workers`;
  const gone = rows.filter((r) => dead.includes(r.worker_id) || r.stale || (r.host === host && !processAlive(r.pid))).map((r) => r.worker_id);
  if (gone.length > 0) await owner`delete from outbox.job_workers where worker_id = any(${gone}::text[])`;
  return dead;
}
