import { randomUUID } from 'node:crypto';
import { and, eq, isNull, isNotNull, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fingerprintOf, fromBase64, passphraseCost, sodium } from '@/core/classified-crypto';
import { AppError } from '@/core/errors';
import type { Secrecy } from '@/core/letters';
import { agencyRecoveryKeys, personKeys, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { mayApproveClearance } from '@/server/people/decide-clearance';

const base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]+=*$/, { message: 'invalid_input' });

export const setUpKeyInput = z.object({
  publicKey: base64(64),
  sealedPrivateKey: base64(200),
  salt: base64(40),
  opsLimit: z.int().min(passphraseCost.opsLimit).max(20),
  memLimit: z.int().min(passphraseCost.memLimit).max(1024 * 1024 * 1024),
});

export const setUpRecoveryKeyInput = z.object({ publicKey: base64(64) });

/** A public key as sent by a browser: exactly 32 bytes, and its fingerprint computed here, never taken from the client. */
async function checkedPublicKey(text: string) {
  const s = await sodium();
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(s, text);
  } catch {
    throw new AppError('invalid_input');
  }
  if (bytes.length !== s.crypto_box_PUBLICKEYBYTES) throw new AppError('invalid_input');
  return fingerprintOf(s, bytes);
}

/** What binds a person's sealed private key to them (core/classified-crypto.ts `owner`). */
export const keyOwner = (tenantId: string, userId: string) => `${tenantId}:${userId}`;

/** The person's own current key (sealed), and whether the agency has its recovery key. */
export async function myClassifiedKey(tx: TenantTx, viewer: Viewer) {
  const tenantId = viewer.tenant.id;
  const [[key], [recovery]] = await Promise.all([
    tx.select({
      id: personKeys.id, publicKey: personKeys.publicKey, sealedPrivateKey: personKeys.sealedPrivateKey, salt: personKeys.salt,
      opsLimit: personKeys.opsLimit, memLimit: personKeys.memLimit, fingerprint: personKeys.fingerprint, createdAt: personKeys.createdAt,
    }).from(personKeys).where(and(eq(personKeys.tenantId, tenantId), eq(personKeys.userId, viewer.user.id), isNull(personKeys.replacedAt))),
    currentRecoveryKey(tx, tenantId),
  ]);
  return {
    owner: keyOwner(tenantId, viewer.user.id),
    appointed: viewer.user.classifiedAppointed, clearance: viewer.user.clearance,
    key: key ?? null, recovery: recovery ?? null, mayKeepRecoveryKey: mayApproveClearance(viewer),
  };
}

export function currentRecoveryKey(tx: TenantTx, tenantId: string) {
  return tx.select({ id: agencyRecoveryKeys.id, publicKey: agencyRecoveryKeys.publicKey, fingerprint: agencyRecoveryKeys.fingerprint, createdAt: agencyRecoveryKeys.createdAt, createdByName: agencyRecoveryKeys.createdByName })
    .from(agencyRecoveryKeys).where(and(eq(agencyRecoveryKeys.tenantId, tenantId), isNull(agencyRecoveryKeys.replacedAt)));
}

/**
 * An appointed person sets up (or replaces) their key pair: made in their browser, the
 * private half sealed there under their classified passphrase. A replaced key's wrapped
 * letter keys stay for recovery (docs/classified.md).
 */
export async function setUpMyKey(tx: TenantTx, viewer: Viewer, input: z.infer<typeof setUpKeyInput>) {
  if (!viewer.user.classifiedAppointed) throw new AppError('classified_not_appointed');
  return keepPersonKey(tx, viewer.tenant.id, actorOf(viewer), viewer.user.id, input);
}

/** Keeps a person's new key (their browser made it), replacing their current one; the database allows it only as that person. */
export async function keepPersonKey(tx: TenantTx, tenantId: string, actor: AuditActor, userId: string, input: z.infer<typeof setUpKeyInput>) {
  const fingerprint = await checkedPublicKey(input.publicKey);
  const [old] = await tx.update(personKeys).set({ replacedAt: sql`now()` })
    .where(and(eq(personKeys.tenantId, tenantId), eq(personKeys.userId, userId), isNull(personKeys.replacedAt)))
    .returning({ fingerprint: personKeys.fingerprint });
  const id = randomUUID();
  await tx.insert(personKeys).values({ tenantId, id, userId, ...input, fingerprint });
  await recordAudit(tx, tenantId, {
    actor, action: 'classified.key_created', targetType: 'user', targetId: userId, data: { fingerprint, replaced: old?.fingerprint ?? null },
  });
  return { id, fingerprint };
}

/**
 * The head of agency or the classified-documents registrar records the public half of the
 * agency's recovery key, made in their browser; the private half is printed there and never sent.
 */
export async function setUpRecoveryKey(tx: TenantTx, viewer: Viewer, input: z.infer<typeof setUpRecoveryKeyInput>) {
  if (!mayApproveClearance(viewer)) throw new AppError('classified_recovery_forbidden');
  return keepRecoveryKey(tx, viewer.tenant.id, { kind: 'user', id: viewer.user.id, name: viewer.user.fullNameTh }, input.publicKey);
}

/** Keeps the agency's new recovery public key, replacing the current one; the database allows it only for one who may approve clearances. */
export async function keepRecoveryKey(tx: TenantTx, tenantId: string, actor: AuditActor & { id: string }, publicKey: string) {
  const fingerprint = await checkedPublicKey(publicKey);
  const [old] = await tx.update(agencyRecoveryKeys).set({ replacedAt: sql`now()` })
    .where(and(eq(agencyRecoveryKeys.tenantId, tenantId), isNull(agencyRecoveryKeys.replacedAt)))
    .returning({ fingerprint: agencyRecoveryKeys.fingerprint });
  const id = randomUUID();
  await tx.insert(agencyRecoveryKeys).values({ tenantId, id, publicKey, fingerprint, createdBy: actor.id, createdByName: actor.name });
  await recordAudit(tx, tenantId, {
    actor, action: 'classified.recovery_key_created', targetType: 'tenant', targetId: tenantId, data: { fingerprint, replaced: old?.fingerprint ?? null },
  });
  return { id, fingerprint };
}

const secrecyLevels: Record<Exclude<Secrecy, 'normal' | 'top_secret'>, string[]> = { confidential: ['confidential', 'secret'], secret: ['secret'] };

/**
 * The people who may be given a classified letter of `secrecy`: active, appointed, cleared
 * to its level, with a current key; each with their key's fingerprint and whether it
 * replaced an earlier one (shown before anything is wrapped for it).
 */
export async function classifiedReaders(tx: TenantTx, tenantId: string, secrecy: Secrecy) {
  if (secrecy === 'normal' || secrecy === 'top_secret') return [];
  const rows = await tx.select({
    id: users.id, fullNameTh: users.fullNameTh, position: users.position,
    keyId: personKeys.id, publicKey: personKeys.publicKey, fingerprint: personKeys.fingerprint, keyCreatedAt: personKeys.createdAt,
  }).from(users)
    .innerJoin(personKeys, and(eq(personKeys.tenantId, users.tenantId), eq(personKeys.userId, users.id), isNull(personKeys.replacedAt)))
    .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active'), eq(users.classifiedAppointed, true), inArray(users.clearance, secrecyLevels[secrecy] as never)))
    .orderBy(users.fullNameTh).limit(500);
  if (rows.length === 0) return [];
  const replaced = await tx.selectDistinct({ userId: personKeys.userId }).from(personKeys)
    .where(and(eq(personKeys.tenantId, tenantId), inArray(personKeys.userId, rows.map((r) => r.id)), isNotNull(personKeys.replacedAt)));
  const changed = new Set(replaced.map((r) => r.userId));
  return rows.map((r) => ({ ...r, keyChanged: changed.has(r.id) }));
}

/** The id of the viewer's current key; an appointed person without one is told to set it up. */
export async function myCurrentKeyId(tx: TenantTx, viewer: Viewer) {
  const [key] = await tx.select({ id: personKeys.id }).from(personKeys)
    .where(and(eq(personKeys.tenantId, viewer.tenant.id), eq(personKeys.userId, viewer.user.id), isNull(personKeys.replacedAt)));
  if (!key) throw new AppError('classified_key_missing');
  return key.id;
}
