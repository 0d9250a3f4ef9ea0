import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '@/core/env';
import { listBackups, openRepository, pruneBackups } from '@/server/backup/repository';
import { runDueBackup } from '@/server/backup/scheduled-backup';
import { takeBackup } from '@/server/backup/take-backup';
import { verifyBackup } from '@/server/backup/verify-backup';
import { bucket, s3 } from '@/server/storage/s3';
import { callerFor, createAgency, errorKey, operatorClaims } from './factories';
import { type OwnServices, startOwnServices } from './own-services';

/**
 * Scheduled backups (server/backup/scheduled-backup.ts, server/platform/backup-schedule.ts): the operator sets
 * the schedule and keep policy, the worker's minute task backs up when due or asked, every run's outcome is
 * kept, and a failed or missing backup is what the operator's pages say unasked.
 */

const KEY = 'scheduled-backup-key-1234';
let services: OwnServices;
let owner: postgres.Sql;
let folder: string;
let operator: ReturnType<typeof callerFor>['caller'];

beforeAll(async () => {
  services = await startOwnServices('schedule');
  owner = postgres(services.ownerUrl, { max: 1, onnotice: () => {} });
  folder = mkdtempSync(path.join(os.tmpdir(), 'saraban-scheduled-'));
  process.env.BACKUP_KEY = KEY;
  resetEnv();
  await createAgency('กรมทดสอบสำรองข้อมูล');
  const operatorId = '00000000-0000-4000-8000-0000000000bb';
  await owner`insert into platform_operators (id, username, full_name, password_hash) values (${operatorId}, 'op-backup', 'ผู้ให้บริการ', 'x')`;
  operator = callerFor(await operatorClaims(operatorId)).caller;
}, 120_000);

afterAll(async () => {
  delete process.env.BACKUP_KEY;
  resetEnv();
  await owner?.end({ timeout: 5 });
  await services?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const schedule = (over: Partial<{ enabled: boolean; directory: string; hour: number }> = {}) => ({
  enabled: true, directory: folder, hour: 2, keepDaily: 7, keepWeekly: 4, keepMonthly: 12, ...over,
});

/** A moment after the latest (Thai) 02:00 slot, so a backup is due if none began since (before 02:00, yesterday's slot). */
function afterSlot() {
  const now = new Date();
  const thai = new Date(now.getTime() + 7 * 3600_000);
  const today = Date.UTC(thai.getUTCFullYear(), thai.getUTCMonth(), thai.getUTCDate(), 2) - 7 * 3600_000;
  const slot = today > now.getTime() ? today - 86_400_000 : today;
  return () => new Date(Math.max(now.getTime(), slot + 60_000) + 1);
}

describe('scheduled backups', () => {
  it('until the operator schedules backups, every platform page says so; a folder that is not a full path is refused', async () => {
    expect((await operator.platform.backupStatus()).alert).toBe('not_scheduled');
    expect(await errorKey(operator.platform.saveBackupSchedule(schedule({ directory: 'backups/relative' })))).toBe('backup_directory_invalid');
    expect(await errorKey(operator.platform.saveBackupSchedule(schedule({ directory: '' })))).toBe('backup_directory_invalid');
    expect((await operator.platform.backupStatus()).schedule.enabled).toBe(false);
    // Nothing is due while there is no schedule.
    expect(await runDueBackup(services.ownerUrl, afterSlot())).toBeNull();
  });

  it('once scheduled, the worker backs up when due, once per slot; the outcome is shown with its size', async () => {
    await operator.platform.saveBackupSchedule(schedule());
    const [audit] = await owner`select action, data from platform_audit_log where action = 'backup.schedule_changed'`;
    expect(audit!.data).toMatchObject({ enabled: true, directory: folder });

    const run = await runDueBackup(services.ownerUrl, afterSlot());
    expect(run).toMatchObject({ state: 'succeeded' });
    expect(await runDueBackup(services.ownerUrl, afterSlot())).toBeNull(); // done for this slot
    const status = await operator.platform.backupStatus();
    expect(status.alert).toBeNull();
    expect(status.runs[0]).toMatchObject({ state: 'succeeded', trigger: 'schedule' });
    expect(status.runs[0]!.bytes).toBeGreaterThan(0);
    expect((await verifyBackup(folder, KEY)).problems).toEqual([]);
  }, 120_000);

  it('a backup asked for now runs at the next minute', async () => {
    await operator.platform.requestBackup();
    expect((await operator.platform.backupStatus()).requested).toBe(true);
    expect(await runDueBackup(services.ownerUrl, afterSlot())).toMatchObject({ state: 'succeeded' });
    const status = await operator.platform.backupStatus();
    expect(status.requested).toBe(false);
    expect(status.runs[0]).toMatchObject({ trigger: 'operator', state: 'succeeded' });
  }, 120_000);

  it('a failed backup is kept with its reason and shown unasked; a run whose worker stopped is marked interrupted', async () => {
    await operator.platform.saveBackupSchedule(schedule({ directory: '/dev/null/backups' }));
    await operator.platform.requestBackup();
    const failed = await runDueBackup(services.ownerUrl, afterSlot());
    expect(failed).toMatchObject({ state: 'failed' });
    const status = await operator.platform.backupStatus();
    expect(status.alert).toBe('failed');
    expect(status.runs[0]!.error).toMatch(/ENOTDIR|not a directory/i);

    await owner`insert into backup_runs (id, trigger, started_at) values (gen_random_uuid(), 'schedule', now() - interval '1 hour')`;
    await operator.platform.saveBackupSchedule(schedule());
    await operator.platform.requestBackup();
    expect(await runDueBackup(services.ownerUrl, afterSlot())).toMatchObject({ state: 'succeeded' });
    const states = (await operator.platform.backupStatus()).runs.map((r) => r.state);
    expect(states).toContain('interrupted');
    expect(states[0]).toBe('succeeded');
  }, 120_000);

  it('without BACKUP_KEY on the server, the operator is told', async () => {
    delete process.env.BACKUP_KEY;
    resetEnv();
    try {
      expect((await operator.platform.backupStatus()).alert).toBe('no_key');
    } finally {
      process.env.BACKUP_KEY = KEY;
      resetEnv();
    }
  });

  it('the keep policy removes the backups it lets go and the files only they named', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-prune-'));
    const instance = { ownerUrl: services.ownerUrl, store: { client: s3(), bucket: bucket() }, authSecret: process.env.NEXTAUTH_SECRET!, zeroSetup: false };
    try {
      for (let i = 0; i < 3; i++) {
        // Each backup of another database (pg_dump's output is the same within one second of an unchanged one).
        await owner`insert into platform_audit_log (actor_kind, action) values ('system', ${`test.backup-${i}`})`;
        await takeBackup(instance, dir, KEY);
      }
      const repo = await openRepository(dir, KEY);
      const files = () => readdirSync(path.join(dir, 'objects'), { recursive: true }).length;
      const before = files();
      const newest = listBackups(repo).complete.at(-1)!;
      expect(await pruneBackups(repo, () => new Set([newest]))).toBe(2);
      expect(listBackups(repo).complete).toEqual([newest]);
      expect(files()).toBeLessThan(before); // the older database dumps are gone
      expect((await verifyBackup(dir, KEY)).problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
