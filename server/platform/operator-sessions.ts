import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { platformPool } from '@/db/client';
import { operatorSessions, platformOperators } from '@/db/schema';

type Limits = { absoluteMinutes: number; idleMinutes: number; touchEverySeconds: number };

/** A platform operator's session, like a person's (server/auth/sessions.ts), kept by the platform role. */
export async function startOperatorSession(operatorId: string, address: string | null, limits: Limits) {
  const { db } = platformPool();
  const id = randomUUID();
  await db.insert(operatorSessions).values({ id, operatorId, address, endsAt: new Date(Date.now() + limits.absoluteMinutes * 60_000) });
  return id;
}

/** The operator behind a live session (marking it seen), or null when the session has ended. */
export async function findOperatorBySession(operatorId: string, sessionId: string, limits: Limits) {
  const { db } = platformPool();
  const alive = and(
    eq(operatorSessions.id, sessionId), eq(operatorSessions.operatorId, operatorId), isNull(operatorSessions.revokedAt),
    gt(operatorSessions.endsAt, sql`now()`), gt(operatorSessions.lastSeenAt, sql`now() - make_interval(mins => ${limits.idleMinutes})`),
  );
  const [row] = await db.select({
    id: platformOperators.id, username: platformOperators.username, fullName: platformOperators.fullName,
    status: platformOperators.status, sessionVersion: platformOperators.sessionVersion,
  }).from(operatorSessions).innerJoin(platformOperators, eq(platformOperators.id, operatorSessions.operatorId)).where(alive).limit(1);
  if (row) {
    await db.update(operatorSessions).set({ lastSeenAt: new Date() })
      .where(and(eq(operatorSessions.id, sessionId), lt(operatorSessions.lastSeenAt, sql`now() - make_interval(secs => ${limits.touchEverySeconds})`)));
  }
  return row ?? null;
}

export async function endOperatorSession(operatorId: string, sessionId: string) {
  const { db } = platformPool();
  await db.update(operatorSessions).set({ revokedAt: new Date() })
    .where(and(eq(operatorSessions.id, sessionId), eq(operatorSessions.operatorId, operatorId)));
}
