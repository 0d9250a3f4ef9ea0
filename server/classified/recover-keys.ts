import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@/core/errors';
import { agencyRecoveryKeys, letterKeys, personKeys, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { mayApproveClearance } from '@/server/people/decide-clearance';
import { refusedBy } from '@/server/shared/db-errors';
import { wrappedKey } from './letter-keys';

/** Letters recovered in one step: the registrar's browser re-wraps them in batches. */
const BATCH = 200;

function mustKeepRecovery(viewer: Viewer) {
  if (!mayApproveClearance(viewer)) throw new AppError('classified_recovery_forbidden');
}

/**
 * People whose key was replaced (a forgotten passphrase) while letters given to them are
 * still wrapped only for the old key: what the recovery ceremony has to do.
 */
export async function listRecoveryWork(tx: TenantTx, viewer: Viewer) {
  mustKeepRecovery(viewer);
  const tenantId = viewer.tenant.id;
  return tx.select({ userId: letterKeys.userId, fullNameTh: users.fullNameTh, letters: sql<number>`count(distinct ${letterKeys.letterId})::int` })
    .from(letterKeys)
    .innerJoin(personKeys, and(eq(personKeys.tenantId, letterKeys.tenantId), eq(personKeys.id, letterKeys.keyId), isNotNull(personKeys.replacedAt)))
    .innerJoin(users, and(eq(users.tenantId, letterKeys.tenantId), eq(users.id, letterKeys.userId)))
    .where(eq(letterKeys.tenantId, tenantId))
    .groupBy(letterKeys.userId, users.fullNameTh).orderBy(users.fullNameTh).limit(100);
}

export const recoveryBatchInput = z.object({ userId: z.uuid() });

/**
 * The next letters to recover for one person: for each, the content key wrapped for the
 * agency's recovery key (which the registrar's browser opens with the printed key), and
 * the person's new public key to wrap it for.
 */
export async function nextRecoveryBatch(tx: TenantTx, viewer: Viewer, input: z.infer<typeof recoveryBatchInput>) {
  mustKeepRecovery(viewer);
  const tenantId = viewer.tenant.id;
  const [current] = await tx.select({ id: personKeys.id, publicKey: personKeys.publicKey, fingerprint: personKeys.fingerprint }).from(personKeys)
    .where(and(eq(personKeys.tenantId, tenantId), eq(personKeys.userId, input.userId), isNull(personKeys.replacedAt)));
  if (!current) throw new AppError('classified_key_missing');
  const stale = await tx.selectDistinct({ letterId: letterKeys.letterId }).from(letterKeys)
    .innerJoin(personKeys, and(eq(personKeys.tenantId, letterKeys.tenantId), eq(personKeys.id, letterKeys.keyId), isNotNull(personKeys.replacedAt)))
    .where(and(eq(letterKeys.tenantId, tenantId), eq(letterKeys.userId, input.userId))).limit(BATCH);
  const letterIds = stale.map((r) => r.letterId);
  const wraps = letterIds.length === 0 ? [] : await tx.select({
    letterId: letterKeys.letterId, recoveryKeyId: letterKeys.keyId, wrapped: letterKeys.wrapped, fingerprint: agencyRecoveryKeys.fingerprint,
  }).from(letterKeys)
    .innerJoin(agencyRecoveryKeys, and(eq(agencyRecoveryKeys.tenantId, letterKeys.tenantId), eq(agencyRecoveryKeys.id, letterKeys.keyId)))
    .where(and(eq(letterKeys.tenantId, tenantId), inArray(letterKeys.letterId, letterIds), isNull(letterKeys.userId)));
  return { key: current, letters: wraps };
}

export const recoverInput = z.object({
  userId: z.uuid(),
  keys: z.array(z.strictObject({ letterId: z.uuid(), wrapped: wrappedKey.shape.wrapped })).min(1).max(BATCH),
});

/**
 * Keeps the content keys the registrar's browser re-wrapped for the person's new key, and
 * drops the wraps for their replaced key on those letters. The database still allows each
 * only if the person may read the letter now.
 */
export async function recoverKeys(tx: TenantTx, viewer: Viewer, input: z.infer<typeof recoverInput>) {
  mustKeepRecovery(viewer);
  const tenantId = viewer.tenant.id;
  const [current] = await tx.select({ id: personKeys.id }).from(personKeys)
    .where(and(eq(personKeys.tenantId, tenantId), eq(personKeys.userId, input.userId), isNull(personKeys.replacedAt)));
  if (!current) throw new AppError('classified_key_missing');
  const letterIds = input.keys.map((k) => k.letterId);
  const old = await tx.select({ letterId: letterKeys.letterId, secrecy: letterKeys.secrecy }).from(letterKeys)
    .where(and(eq(letterKeys.tenantId, tenantId), eq(letterKeys.userId, input.userId), inArray(letterKeys.letterId, letterIds)));
  const secrecyOf = new Map(old.map((r) => [r.letterId, r.secrecy]));
  if (input.keys.some((k) => !secrecyOf.has(k.letterId))) throw new AppError('not_found');
  try {
    await tx.insert(letterKeys).values(input.keys.map((k) => ({
      tenantId, letterId: k.letterId, keyId: current.id, userId: input.userId, secrecy: secrecyOf.get(k.letterId)!, wrapped: k.wrapped, wrappedBy: viewer.user.id,
    }))).onConflictDoNothing();
  } catch (error) {
    const key = refusedBy(error, ['route_person_not_cleared'] as const);
    if (key) throw new AppError(key);
    throw error;
  }
  await tx.delete(letterKeys).where(and(eq(letterKeys.tenantId, tenantId), eq(letterKeys.userId, input.userId), inArray(letterKeys.letterId, letterIds),
    sql`${letterKeys.keyId} <> ${current.id}`));
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'classified.recovered', targetType: 'user', targetId: input.userId, data: { letters: letterIds.length },
  });
  return { recovered: letterIds.length };
}
