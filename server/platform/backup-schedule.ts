import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { env } from '@/core/env';
import { AppError } from '@/core/errors';
import { platformPool } from '@/db/client';
import { backupRuns, backupSchedule, platformAuditLog } from '@/db/schema';
import { backupAlert } from '@/server/backup/keep-policy';

/**
 * The platform operator's side of scheduled backups: the schedule and keep policy, a backup asked for
 * now, and the last runs with what must be told unasked. The job worker runs them
 * (server/backup/scheduled-backup.ts).
 */
export const backupScheduleInput = z.object({
  enabled: z.boolean(),
  directory: z.string().trim().max(500),
  hour: z.number().int().min(0).max(23),
  keepDaily: z.number().int().min(1).max(366),
  keepWeekly: z.number().int().min(0).max(520),
  keepMonthly: z.number().int().min(0).max(1200),
});

type Operator = { id: string; fullName: string };

/** For the platform operator: the schedule, the last runs, and what must be told without asking. */
export async function backupStatus(now = new Date()) {
  const { db } = platformPool();
  const [schedule] = await db.select().from(backupSchedule).limit(1);
  const runs = await db.select().from(backupRuns).orderBy(desc(backupRuns.startedAt)).limit(10);
  const [lastGood] = await db.select({ startedAt: backupRuns.startedAt }).from(backupRuns)
    .where(eq(backupRuns.state, 'succeeded')).orderBy(desc(backupRuns.startedAt)).limit(1);
  const current = schedule ?? { enabled: false, directory: '', hour: 2, keepDaily: 7, keepWeekly: 4, keepMonthly: 12, requestedAt: null };
  const finished = runs.find((r) => r.state !== 'running') ?? null;
  return {
    schedule: { enabled: current.enabled, directory: current.directory, hour: current.hour, keepDaily: current.keepDaily, keepWeekly: current.keepWeekly, keepMonthly: current.keepMonthly },
    requested: Boolean(current.requestedAt && (!runs[0] || current.requestedAt > runs[0].startedAt)),
    keySet: Boolean(env().BACKUP_KEY),
    runs,
    lastGood: lastGood?.startedAt ?? null,
    alert: !env().BACKUP_KEY && current.enabled ? 'no_key' as const : backupAlert(now, current, finished, lastGood?.startedAt ?? null),
  };
}

export async function saveBackupSchedule(operator: Operator, input: z.infer<typeof backupScheduleInput>) {
  // A folder on the server, named in full; required once the schedule is on.
  if ((input.enabled && input.directory === '') || (input.directory !== '' && (!path.isAbsolute(input.directory) || input.directory.includes('\0')))) {
    throw new AppError('backup_directory_invalid');
  }
  const { db } = platformPool();
  await db.transaction(async (tx) => {
    await tx.update(backupSchedule).set({ ...input, updatedAt: new Date(), updatedBy: operator.id });
    await tx.insert(platformAuditLog).values({ actorKind: 'operator', actorId: operator.id, action: 'backup.schedule_changed', data: input });
  });
}

/** The operator asks for a backup now: the worker starts it within a minute. */
export async function requestBackup(operator: Operator) {
  const { db } = platformPool();
  await db.transaction(async (tx) => {
    await tx.update(backupSchedule).set({ requestedAt: new Date() });
    await tx.insert(platformAuditLog).values({ actorKind: 'operator', actorId: operator.id, action: 'backup.requested' });
  });
}
