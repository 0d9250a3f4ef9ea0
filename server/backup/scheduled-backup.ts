import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { env } from '@/core/env';
import { bucket, s3 } from '@/server/storage/s3';
import { backupDue, backupsToKeep } from './keep-policy';
import { BackupProblem, openRepository, pruneBackups } from './repository';
import { takeBackup } from './take-backup';

/** One backup at a time on the whole platform, whichever worker runs it. */
const LOCK = 0x5a4a_b0c0;

/**
 * The job worker's minute task (as the database owner): a backup when one is due (backupDue), into the
 * operator's folder with BACKUP_KEY, then the keep policy applied. Its run and outcome are kept in
 * backup_runs; a run whose worker stopped is marked interrupted by the next one.
 */
export async function runDueBackup(ownerUrl: string, now = () => new Date()) {
  // One session of its own: the lock is the session's (no transaction stays open while the backup runs).
  const owner = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [locked] = await owner<Array<{ ok: boolean }>>`select pg_try_advisory_lock(${LOCK}) as ok`;
    if (!locked?.ok) return null;
    // Still "running", yet the lock was free: its worker stopped mid-way.
    await owner`update backup_runs set state = 'interrupted', finished_at = now(), error = 'the backup stopped before it finished (its worker ended)' where state = 'running'`;
    const [schedule] = await owner<Array<{ enabled: boolean; directory: string; hour: number; keep_daily: number; keep_weekly: number; keep_monthly: number; requested_at: Date | null }>>`
      select enabled, directory, hour, keep_daily, keep_weekly, keep_monthly, requested_at from backup_schedule`;
    if (!schedule) return null;
    const [last] = await owner<Array<{ started_at: Date }>>`select started_at from backup_runs where state <> 'interrupted' order by started_at desc limit 1`;
    const trigger = backupDue(now(), { enabled: schedule.enabled, hour: schedule.hour, requestedAt: schedule.requested_at }, last?.started_at ?? null);
    if (!trigger) return null;
    const id = randomUUID();
    await owner`insert into backup_runs (id, trigger) values (${id}, ${trigger})`;
    try {
      if (!schedule.directory) throw new BackupProblem('No backup folder is set: set one on the platform\'s backup page.');
      const key = env().BACKUP_KEY;
      if (!key) throw new BackupProblem('BACKUP_KEY is not set on the server: scheduled backups cannot be encrypted.');
      const result = await takeBackup({ ownerUrl, store: { client: s3(), bucket: bucket() }, authSecret: env().NEXTAUTH_SECRET, zeroSetup: env().SARABAN_ZERO_SETUP },
        schedule.directory, key);
      const removed = await pruneBackups(await openRepository(schedule.directory, key),
        (backups) => backupsToKeep(backups, { daily: schedule.keep_daily, weekly: schedule.keep_weekly, monthly: schedule.keep_monthly }));
      await owner`update backup_runs set state = 'succeeded', finished_at = now(), backup_id = ${result.id}, bytes = ${result.bytes},
        stored_bytes = ${result.storedBytes}, objects = ${result.objects}, removed = ${removed} where id = ${id}`;
      return { id, state: 'succeeded' as const, backupId: result.id, removed };
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      console.error(`[backup] the ${trigger === 'schedule' ? 'scheduled' : 'requested'} backup failed: ${message}`);
      await owner`update backup_runs set state = 'failed', finished_at = now(), error = ${message} where id = ${id}`;
      return { id, state: 'failed' as const, error: message };
    }
  } finally {
    await owner.end({ timeout: 5 });
  }
}
