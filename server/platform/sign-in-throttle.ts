import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { platformPool } from '@/db/client';
import { signInThrottle } from '@/db/schema';

export const THROTTLE = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 } as const;

/** One key per (who signs in): the same counters whether or not the account exists. */
export function throttleKey(parts: readonly string[]) {
  return createHash('sha256').update(parts.map((p) => p.trim().toLowerCase()).join('\u0000')).digest('hex');
}

export async function isLockedOut(key: string, now = new Date()) {
  const { db } = platformPool();
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.key, key));
  return !!row?.lockedUntil && row.lockedUntil > now;
}

/** Counts a failure; the fifth within the window locks the key for a while. */
export async function recordSignInFailure(key: string) {
  const { db } = platformPool();
  const { maxFailures, windowMinutes, lockMinutes } = THROTTLE;
  await db.execute(sql`
    insert into sign_in_throttle as t (key, failures, window_started_at)
    values (${key}, 1, now())
    on conflict (key) do update set
      failures = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes})
                      then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes})
                      then now() else t.window_started_at end,
      locked_until = case when t.window_started_at >= now() - make_interval(mins => ${windowMinutes})
                          and t.failures + 1 >= ${maxFailures}
                      then now() + make_interval(mins => ${lockMinutes}) else t.locked_until end`);
}

export async function clearSignInFailures(key: string) {
  const { db } = platformPool();
  await db.delete(signInThrottle).where(eq(signInThrottle.key, key));
}
