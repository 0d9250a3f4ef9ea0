import { gte, lt } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

function dayStart(day: string) {
  return new Date(`${day}T00:00:00+07:00`);
}

/** Registered from the start of `day` to the end of `until` (or of `day` alone), Asia/Bangkok. */
export function daysFilter(column: PgColumn, day: string, until: string | undefined) {
  return [gte(column, dayStart(day)), lt(column, new Date(dayStart(until ?? day).getTime() + 86_400_000))];
}
