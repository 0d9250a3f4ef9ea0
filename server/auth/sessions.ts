import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { userSessions } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { env } from '@/server/env';

/**
 * Server-side sessions (ASVS 7): the signed cookie only names a session row; the row
 * decides. A session ends at sign-out (revoked), SESSION_MAX_AGE_MINUTES after sign-in
 * (absolute), or SESSION_IDLE_MINUTES after its last request (idle), however often the
 * client asks next-auth for a fresh cookie.
 */
export function sessionLimits() {
  const e = env();
  return { absoluteMinutes: e.SESSION_MAX_AGE_MINUTES, idleMinutes: Math.min(e.SESSION_IDLE_MINUTES, e.SESSION_MAX_AGE_MINUTES) };
}

/** Last-seen is written at most this often, so a busy person's requests do not each write a row. */
export const TOUCH_EVERY_SECONDS = 30;

export async function startUserSession(tx: TenantTx, tenantId: string, userId: string, address: string | null) {
  const id = randomUUID();
  const endsAt = new Date(Date.now() + sessionLimits().absoluteMinutes * 60_000);
  await tx.insert(userSessions).values({ tenantId, id, userId, endsAt, address });
  return id;
}

/**
 * Whether the session is alive, marking it seen. Sent without waiting (it is pipelined
 * behind the transaction's scope); the caller awaits it before the procedure acts. The
 * check reads the row as it was before this statement's own update.
 */
export function userSessionAlive(tx: TenantTx, tenantId: string, userId: string, sessionId: string): Promise<boolean> {
  const { idleMinutes } = sessionLimits();
  return tx.$client<[{ alive: boolean }]>`
    with touched as (
      update user_sessions set last_seen_at = now()
      where tenant_id = ${tenantId} and id = ${sessionId} and user_id = ${userId} and revoked_at is null and ends_at > now()
        and last_seen_at > now() - make_interval(mins => ${idleMinutes})
        and last_seen_at < now() - make_interval(secs => ${TOUCH_EVERY_SECONDS})
      returning 1)
    select exists (
      select 1 from user_sessions
      where tenant_id = ${tenantId} and id = ${sessionId} and user_id = ${userId} and revoked_at is null and ends_at > now()
        and last_seen_at > now() - make_interval(mins => ${idleMinutes})) as alive`
    .then(([row]) => row.alive);
}

/** Sign-out: the session row is revoked, so the cookie is worthless even if it was copied. */
export async function endUserSession(tenantId: string, userId: string, sessionId: string) {
  await runInTenant({ tenantId, userId }, (tx) => tx.update(userSessions).set({ revokedAt: new Date() })
    .where(and(eq(userSessions.tenantId, tenantId), eq(userSessions.id, sessionId), eq(userSessions.userId, userId))));
}
