import { createHash } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { platformPool } from '@/db/client';
import { signInThrottle } from '@/db/schema';

/**
 * Password guessing is slowed, never stopped for everyone (ASVS 6.3): each failure counts
 * against three keys, and once a key has had its free failures in the window, the next
 * attempt under it must wait, twice as long after each further failure.
 * - account + address: the guesser at one address slows to a crawl (up to 15 minutes);
 * - address: one address trying many accounts slows the same way;
 * - account alone: a spread-out attack on one person is slowed too, but never by more
 *   than a minute, so nobody can keep the person themself out.
 */
export const THROTTLE = {
  windowMinutes: 15,
  accountAtAddress: { free: 3, capSeconds: 15 * 60 },
  address: { free: 10, capSeconds: 15 * 60 },
  account: { free: 10, capSeconds: 60 },
} as const;

type Rule = { free: number; capSeconds: number };

/** One key per (who signs in): the same counters whether or not the account exists. */
export function throttleKey(parts: readonly string[]) {
  return createHash('sha256').update(parts.map((p) => p.trim().toLowerCase()).join('\u0000')).digest('hex');
}

export type ThrottleKeys = ReadonlyArray<{ key: string; rule: Rule }>;

/**
 * The keys one attempt counts against: `account` names the person (agency and username,
 * or an operator). Every request through the HTTP server has an address; a caller inside
 * the server without one counts against the account keys only.
 */
export function throttleKeysFor(account: readonly string[], address: string | null | undefined): ThrottleKeys {
  const at = address?.trim() || null;
  return [
    { key: throttleKey(['account+address', ...account, at ?? 'none']), rule: THROTTLE.accountAtAddress },
    ...(at ? [{ key: throttleKey(['address', at]), rule: THROTTLE.address }] : []),
    { key: throttleKey(['account', ...account]), rule: THROTTLE.account },
  ];
}

/** Seconds before another attempt is allowed under these keys (0: go ahead). */
export async function secondsToWait(keys: ThrottleKeys, now = new Date()) {
  const { db } = platformPool();
  const rows = await db.select({ lockedUntil: signInThrottle.lockedUntil }).from(signInThrottle)
    .where(inArray(signInThrottle.key, keys.map((k) => k.key)));
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

/** Counts a failure under every key; past its free failures a key's wait doubles each time, up to its cap. */
export async function recordSignInFailure(keys: ThrottleKeys) {
  const { db } = platformPool();
  const { windowMinutes } = THROTTLE;
  const values = sql.join(keys.map(({ key, rule }) => sql`(${key}, ${rule.free}::int, ${rule.capSeconds}::int)`), sql`, `);
  await db.execute(sql`
    insert into sign_in_throttle as t (key, failures, window_started_at)
    select k.key, 1, now() from (values ${values}) as k(key, free, cap)
    on conflict (key) do update set
      failures = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}) then 1 else t.failures + 1 end,
      window_started_at = case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}) then now() else t.window_started_at end,
      locked_until = (
        select case when n > k.free then now() + make_interval(secs => least(k.cap, power(2, least(n - k.free - 1, 20)))) end
        from (values ${values}) as k(key, free, cap),
             lateral (select case when t.window_started_at < now() - make_interval(mins => ${windowMinutes}) then 1 else t.failures + 1 end as n) as c
        where k.key = t.key)`);
}

/** A success clears the person's own counters; the address's count of failures stands. */
export async function clearSignInFailures(keys: ThrottleKeys) {
  const { db } = platformPool();
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, keys.filter((k) => k.rule !== THROTTLE.address).map((k) => k.key)));
}
