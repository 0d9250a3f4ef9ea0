import { describe, expect, it } from 'vitest';
import { complianceReport, isWorkingDay, missedSlots } from '@/server/shared/inbox-check';

const settings = { morning: '10:00', afternoon: '15:00', holidays: ['2026-12-07'] };
const at = (s: string) => new Date(`${s}+07:00`);

describe('the twice-daily inbox check', () => {
  it('counts Monday to Friday except the agency’s holidays as working days', () => {
    expect(['2026-11-23', '2026-11-27', '2026-11-28', '2026-11-29', '2026-12-07'].map((d) => isWorkingDay(d, settings)))
      .toEqual([true, true, false, false, false]);
  });

  it('reminds after a deadline with no check in its window, and only then', () => {
    expect(missedSlots(at('2026-11-24T09:59'), [], settings)).toEqual([]);
    expect(missedSlots(at('2026-11-24T10:00'), [], settings)).toEqual(['morning']);
    expect(missedSlots(at('2026-11-24T10:30'), [{ checkedAt: at('2026-11-24T08:15') }], settings)).toEqual([]);
    // A morning check does not count for the afternoon, nor a check after the deadline.
    expect(missedSlots(at('2026-11-24T15:00'), [{ checkedAt: at('2026-11-24T08:15') }], settings)).toEqual(['afternoon']);
    expect(missedSlots(at('2026-11-24T16:00'), [{ checkedAt: at('2026-11-24T08:15') }, { checkedAt: at('2026-11-24T15:30') }], settings)).toEqual(['afternoon']);
    expect(missedSlots(at('2026-11-24T16:00'), [{ checkedAt: at('2026-11-24T08:15') }, { checkedAt: at('2026-11-24T13:00') }], settings)).toEqual([]);
    expect(missedSlots(at('2026-11-28T16:00'), [], settings)).toEqual([]); // Saturday
    // Yesterday's check is not today's (Bangkok midnight, not UTC).
    expect(missedSlots(at('2026-11-24T10:05'), [{ checkedAt: at('2026-11-23T23:59') }], settings)).toEqual(['morning']);
  });

  it('reports every day of the month with its first morning and afternoon checks', () => {
    const checks = [at('2026-11-02T08:00'), at('2026-11-02T09:00'), at('2026-11-02T13:30'), at('2026-11-03T09:00')].map((checkedAt) => ({ checkedAt }));
    const report = complianceReport('2026-11', checks, settings, at('2026-11-30T18:00'));
    expect(report).toHaveLength(30);
    expect(report[0]).toMatchObject({ date: '2026-11-01', working: false, complete: true });
    expect(report[1]).toMatchObject({ date: '2026-11-02', working: true, complete: true, morning: { checkedAt: at('2026-11-02T08:00') } });
    expect(report[2]).toMatchObject({ date: '2026-11-03', working: true, complete: false, afternoon: null });
    expect(report.filter((d) => d.working)).toHaveLength(21);
  });
});
