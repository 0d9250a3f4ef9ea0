import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { platformPool } from '@/db/client';
import { platformAuditLog, platformOperators } from '@/db/schema';

export async function findOperatorByUsername(username: string) {
  const { db } = platformPool();
  const [row] = await db.select().from(platformOperators)
    .where(eq(platformOperators.username, username.trim().toLowerCase())).limit(1);
  return row ?? null;
}

export async function findOperatorById(id: string) {
  const { db } = platformPool();
  const [row] = await db.select({
    id: platformOperators.id, username: platformOperators.username, fullName: platformOperators.fullName,
    status: platformOperators.status, sessionVersion: platformOperators.sessionVersion,
  }).from(platformOperators).where(eq(platformOperators.id, id)).limit(1);
  return row ?? null;
}

export async function createOperator(input: { username: string; fullName: string; passwordHash: string }) {
  const { db } = platformPool();
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(platformOperators).values({ id, ...input, username: input.username.trim().toLowerCase() });
    await tx.insert(platformAuditLog).values({
      actorKind: 'system', action: 'operator.created', data: { operatorId: id, username: input.username },
    });
  });
  return id;
}
