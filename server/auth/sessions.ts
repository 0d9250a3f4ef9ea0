import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { userSessions } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { env } from '@/core/env';

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

/** The same limits for a platform operator's session (kept by the platform role). */
export function operatorSessionLimits() {
  return { ...sessionLimits(), touchEverySeconds: TOUCH_EVERY_SECONDS };
}

export async function startUserSession(tx: TenantTx, tenantId: string, userId: string, address: string | null) {
  const id = randomUUID();
  const endsAt = new Date(Date.now() + sessionLimits().absoluteMinutes * 60_000);
  await tx.insert(userSessions).values({ tenantId, id, userId, endsAt, address });
  return id;
}

/** The session to check with a person's transaction scope (db/scope.ts reads its row with the scope). */
export function sessionScope(sessionId: string) {
  return { id: sessionId, idleMinutes: sessionLimits().idleMinutes, touchSeconds: TOUCH_EVERY_SECONDS };
}

/**
 * Whether the session the transaction was opened with is alive (read with its scope), and
 * if its last-seen time is stale, marking it seen: a write at most every TOUCH_EVERY_SECONDS.
 */
export async function userSessionAlive(tx: TenantTx, tenantId: string, sessionId: string): Promise<boolean> {
  const state = await tx.$session;
  if (!state) return false;
  if (state.stale) {
    await tx.update(userSessions).set({ lastSeenAt: new Date() }).where(and(eq(userSessions.tenantId, tenantId), eq(userSessions.id, sessionId)));
  }
  return true;
}

/** Sign-out: the session row is revoked, so the cookie is worthless even if it was copied. */
export async function endUserSession(tenantId: string, userId: string, sessionId: string) {
  await runInTenant({ tenantId, userId }, (tx) => tx.update(userSessions).set({ revokedAt: new Date() })
    .where(and(eq(userSessions.tenantId, tenantId), eq(userSessions.id, sessionId), eq(userSessions.userId, userId))));
}
