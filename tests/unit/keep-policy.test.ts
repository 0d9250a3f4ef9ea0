import { describe, expect, it } from 'vitest';
import { backupAlert, backupDue, backupsToKeep, lastSlot } from '@/server/backup/keep-policy';

/** A moment in Thai time (UTC+7). */
const th = (iso: string) => new Date(`${iso}+07:00`);

describe('the keep policy', () => {
  it('keeps the newest of each of the last 7 days, 4 weeks and 12 months, and nothing else', () => {
    // A backup every day at 02:00 for 400 days, and a second one on the last day.
    const backups = Array.from({ length: 400 }, (_, i) => ({ id: `d${i}`, at: new Date(th('2026-12-04T02:00:00').getTime() - i * 86_400_000) }));
    backups.push({ id: 'again', at: th('2026-12-04T15:00:00') });
    const kept = backupsToKeep(backups, { daily: 7, weekly: 4, monthly: 12 });
    // The newest of each day: today's second backup, then the six days before.
    for (const id of ['again', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6']) expect(kept.has(id), id).toBe(true);
    expect(kept.has('d0')).toBe(false);
    // Weekly: the newest of each ISO week (Mon–Sun). 4 Dec 2026 is a Friday: Sundays 29 Nov, 22 Nov, 15 Nov.
    for (const id of ['d5', 'd12', 'd19']) expect(kept.has(id), id).toBe(true);
    // Monthly: the newest of each month: 30 Nov (d4), 31 Oct (d34), …
    expect(kept.has('d34')).toBe(true);
    expect(kept.size).toBeLessThanOrEqual(7 + 4 + 12);
    expect(kept.has('d399')).toBe(false);
  });

  it('always keeps the newest backup, even with nothing else to keep', () => {
    expect([...backupsToKeep([{ id: 'a', at: th('2026-01-01T00:00:00') }, { id: 'b', at: th('2026-01-02T00:00:00') }], { daily: 1, weekly: 0, monthly: 0 })]).toEqual(['b']);
    expect(backupsToKeep([], { daily: 7, weekly: 4, monthly: 12 }).size).toBe(0);
  });
});

describe('when a scheduled backup is due', () => {
  const schedule = { enabled: true, hour: 2, requestedAt: null };

  it('the last slot is today at the hour (Thai time) once it has passed, else yesterday\'s', () => {
    expect(lastSlot(th('2026-12-04T03:00:00'), 2)).toEqual(th('2026-12-04T02:00:00'));
    expect(lastSlot(th('2026-12-04T01:59:00'), 2)).toEqual(th('2026-12-03T02:00:00'));
    // 00:30 Thai time is still the previous UTC day: the Thai day counts.
    expect(lastSlot(th('2026-12-04T00:30:00'), 0)).toEqual(th('2026-12-04T00:00:00'));
  });

  it('is due once per slot, when asked for since the last run, and never when off and not asked', () => {
    expect(backupDue(th('2026-12-04T02:01:00'), schedule, th('2026-12-03T02:00:30'))).toBe('schedule');
    expect(backupDue(th('2026-12-04T02:01:00'), schedule, th('2026-12-04T02:00:30'))).toBeNull();
    expect(backupDue(th('2026-12-04T02:01:00'), schedule, null)).toBe('schedule');
    expect(backupDue(th('2026-12-04T10:00:00'), { ...schedule, requestedAt: th('2026-12-04T09:59:00') }, th('2026-12-04T02:00:30'))).toBe('operator');
    expect(backupDue(th('2026-12-04T10:00:00'), { ...schedule, requestedAt: th('2026-12-04T01:00:00') }, th('2026-12-04T02:00:30'))).toBeNull();
    expect(backupDue(th('2026-12-04T10:00:00'), { ...schedule, enabled: false }, null)).toBeNull();
  });

  it('tells the operator of no schedule, a failed last run, or no good backup an hour past the slot', () => {
    const ok = { state: 'succeeded', startedAt: th('2026-12-04T02:00:30') };
    expect(backupAlert(th('2026-12-04T10:00:00'), { enabled: false, hour: 2 }, ok, ok.startedAt)).toBe('not_scheduled');
    expect(backupAlert(th('2026-12-04T10:00:00'), { enabled: true, hour: 2 }, ok, ok.startedAt)).toBeNull();
    expect(backupAlert(th('2026-12-04T10:00:00'), { enabled: true, hour: 2 }, { state: 'failed', startedAt: th('2026-12-04T02:00:30') }, th('2026-12-03T02:00:30'))).toBe('failed');
    expect(backupAlert(th('2026-12-04T10:00:00'), { enabled: true, hour: 2 }, { state: 'interrupted', startedAt: th('2026-12-04T02:00:30') }, null)).toBe('failed');
    // Yesterday's was the last good one: missing an hour after today's slot, not before.
    const yesterday = { state: 'succeeded', startedAt: th('2026-12-03T02:00:30') };
    expect(backupAlert(th('2026-12-04T02:30:00'), { enabled: true, hour: 2 }, yesterday, yesterday.startedAt)).toBeNull();
    expect(backupAlert(th('2026-12-04T03:30:00'), { enabled: true, hour: 2 }, yesterday, yesterday.startedAt)).toBe('missing');
  });
});
