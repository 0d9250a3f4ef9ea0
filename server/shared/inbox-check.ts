/**
 * The twice-daily inbox check (electronic rule 4.1.2): on each working day a registry
 * officer checks the electronic inbox in the morning (before the morning deadline) and
 * in the afternoon (between the two deadlines). Pure: the reminder job, the monthly
 * report and the tests share it. Times are Asia/Bangkok.
 */
import { defaultInboxCheck, type InboxCheckSettings } from '@/core/settings';
import { todayInBangkok } from './letter-date';

export type Slot = 'morning' | 'afternoon';

export function inboxCheckSettings(settings: { inboxCheck?: InboxCheckSettings }): InboxCheckSettings {
  return settings.inboxCheck ?? defaultInboxCheck;
}

/** The moment a Bangkok wall-clock time (HH:MM) happens on an ISO date. */
export function bangkokMoment(date: string, time: string) {
  return new Date(`${date}T${time}:00+07:00`);
}

export function isWorkingDay(date: string, settings: InboxCheckSettings) {
  const weekday = new Date(`${date}T12:00:00+07:00`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !settings.holidays.includes(date);
}

/** The window in which a slot's check counts: from midnight (morning) or the morning deadline (afternoon) up to its deadline. */
export function slotWindow(date: string, slot: Slot, settings: InboxCheckSettings) {
  const morning = bangkokMoment(date, settings.morning);
  return slot === 'morning'
    ? { from: bangkokMoment(date, '00:00'), to: morning }
    : { from: morning, to: bangkokMoment(date, settings.afternoon) };
}

/** The first check inside a slot's window, if any. */
export function checkIn<T extends { checkedAt: Date }>(checks: T[], date: string, slot: Slot, settings: InboxCheckSettings) {
  const { from, to } = slotWindow(date, slot, settings);
  return checks.filter((c) => c.checkedAt >= from && c.checkedAt < to).sort((a, b) => a.checkedAt.getTime() - b.checkedAt.getTime())[0] ?? null;
}

/** Slots of today whose deadline has passed with no check: the officers are to be reminded. */
export function missedSlots(now: Date, checks: Array<{ checkedAt: Date }>, settings: InboxCheckSettings): Slot[] {
  const today = todayInBangkok(now);
  if (!isWorkingDay(today, settings)) return [];
  return (['morning', 'afternoon'] as const).filter((slot) => now >= slotWindow(today, slot, settings).to && !checkIn(checks, today, slot, settings));
}

/** Every day of a month (YYYY-MM) with its checks: the monthly compliance report. */
export function complianceReport<T extends { checkedAt: Date }>(month: string, checks: T[], settings: InboxCheckSettings, now = new Date()) {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const today = todayInBangkok(now);
  return Array.from({ length: days }, (_, i) => {
    const date = `${month}-${String(i + 1).padStart(2, '0')}`;
    const working = isWorkingDay(date, settings);
    const morning = working ? checkIn(checks, date, 'morning', settings) : null;
    const afternoon = working ? checkIn(checks, date, 'afternoon', settings) : null;
    const judged = date < today || (date === today && now >= slotWindow(date, 'afternoon', settings).to);
    return { date, working, morning, afternoon, complete: !working || Boolean(morning && afternoon), judged };
  });
}
