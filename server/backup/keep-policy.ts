/**
 * Which backups a keep policy keeps, and when the next scheduled one is due: pure rules, in Thai time
 * (UTC+7, no daylight saving), so "a day" is the agency's day.
 */
export type KeepPolicy = { daily: number; weekly: number; monthly: number };

const THAI_OFFSET_MS = 7 * 3600_000;
const thai = (at: Date) => new Date(at.getTime() + THAI_OFFSET_MS);
const dayOf = (at: Date) => thai(at).toISOString().slice(0, 10);
const monthOf = (at: Date) => thai(at).toISOString().slice(0, 7);

/** The ISO week (Monday first) of a Thai date, as "YYYY-Www". */
function weekOf(at: Date) {
  const d = thai(at);
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const weekday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - weekday + 3);
  const firstThursday = new Date(Date.UTC(day.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round(((day.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * The backups to keep: the newest of each of the last `daily` days that have one, of the last `weekly`
 * weeks and of the last `monthly` months, and always the newest of all. Everything else may go.
 */
export function backupsToKeep<T extends { id: string; at: Date }>(backups: readonly T[], policy: KeepPolicy): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.at.getTime() - a.at.getTime());
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].id);
  for (const [count, period] of [[policy.daily, dayOf], [policy.weekly, weekOf], [policy.monthly, monthOf]] as const) {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      if (seen.size >= count) break;
      const key = period(backup.at);
      if (seen.has(key)) continue;
      seen.add(key);
      keep.add(backup.id);
    }
  }
  return keep;
}

/** The last moment a scheduled backup was due at or before `now`: today at `hour`:00 Thai time, or yesterday's. */
export function lastSlot(now: Date, hour: number) {
  const t = thai(now);
  const slot = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), hour) - THAI_OFFSET_MS;
  return new Date(slot <= now.getTime() ? slot : slot - 86_400_000);
}

/**
 * Whether a backup should start now: the operator asked for one since the last run began, or the schedule is
 * on and no run (other than one interrupted by a stopped worker) began since the last slot.
 */
export function backupDue(now: Date, schedule: { enabled: boolean; hour: number; requestedAt: Date | null }, lastStarted: Date | null) {
  if (schedule.requestedAt && (!lastStarted || schedule.requestedAt > lastStarted)) return 'operator' as const;
  if (schedule.enabled && (!lastStarted || lastStarted < lastSlot(now, schedule.hour))) return 'schedule' as const;
  return null;
}

/**
 * What the operator must be told without asking: no schedule, the last run failed, or no good backup
 * since the last slot more than an hour after it.
 */
export function backupAlert(now: Date, schedule: { enabled: boolean; hour: number }, last: { state: string; startedAt: Date } | null, lastGood: Date | null) {
  if (!schedule.enabled) return 'not_scheduled' as const;
  if (last?.state === 'failed' || last?.state === 'interrupted') return 'failed' as const;
  const slot = lastSlot(now, schedule.hour);
  // An hour's grace after the slot for the run to finish.
  if (now.getTime() - slot.getTime() > 3600_000 && (!lastGood || lastGood < slot)) return 'missing' as const;
  return null;
}
