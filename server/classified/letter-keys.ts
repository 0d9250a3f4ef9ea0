import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@/core/errors';
import type { Secrecy } from '@/core/letters';
import { classifiedDirectory, letterKeys, letters, outgoingLetters, personKeys, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf, systemActor } from '@/server/audit/actor';
import { recordAudit, recordAudits } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { canOpenSecrecy } from '@/server/auth/permissions';
import { enqueue } from '@/server/queue/enqueue';
import { refusedBy } from '@/server/shared/db-errors';
import { currentRecoveryKey } from './keys';

/** A content key wrapped in a browser for one key (a person's or the agency's recovery key). */
export const wrappedKey = z.strictObject({
  keyId: z.uuid(),
  wrapped: z.string().min(100).max(200).regex(/^[A-Za-z0-9+/]+=*$/),
});
export type WrappedKey = z.infer<typeof wrappedKey>;

type Classified = Extract<Secrecy, 'confidential' | 'secret'>;

export function isClassified(secrecy: Secrecy): secrecy is Classified {
  return secrecy === 'confidential' || secrecy === 'secret';
}

/** What a notification about a letter may say: a classified letter's subject never leaves it (the UI shows a placeholder). */
export function notificationTitle(letter: { subject: string; secrecy: Secrecy }) {
  return letter.secrecy === 'normal' ? letter.subject : '';
}

/** The agency's recovery key; without one no classified letter can be taken in (nothing could recover it). */
export async function requireRecoveryKey(tx: TenantTx, tenantId: string) {
  const [recovery] = await currentRecoveryKey(tx, tenantId);
  if (!recovery) throw new AppError('classified_recovery_key_missing');
  return recovery;
}

/**
 * Keeps the wrapped content keys of a classified letter. Each must be for a current key
 * of a person who may read it (the database refuses others) or the agency's recovery key;
 * `mustInclude` names keys the act requires (the actor's own, the recovery key); `onlyFor`, the
 * people the act gives the letter to (a key for anyone else is refused).
 * Recorded as one `classified.wrapped` entry naming whose keys, never the letter's content.
 */
export async function storeLetterKeys(
  tx: TenantTx, viewer: Viewer, letter: { id: string; secrecy: Classified }, keys: readonly WrappedKey[], mustInclude: readonly string[],
  onlyFor: readonly string[],
) {
  const tenantId = viewer.tenant.id;
  const ids = [...new Set(keys.map((k) => k.keyId))];
  if (ids.length !== keys.length) throw new AppError('invalid_input');
  if (mustInclude.some((id) => !ids.includes(id))) throw new AppError('classified_key_missing');
  const [people, [recovery]] = await Promise.all([
    ids.length ? tx.select({ keyId: personKeys.id, userId: personKeys.userId, name: users.fullNameTh, fingerprint: personKeys.fingerprint }).from(personKeys)
      .innerJoin(users, and(eq(users.tenantId, personKeys.tenantId), eq(users.id, personKeys.userId)))
      .where(and(eq(personKeys.tenantId, tenantId), inArray(personKeys.id, ids), isNull(personKeys.replacedAt))) : [],
    currentRecoveryKey(tx, tenantId),
  ]);
  const holders = new Map(people.map((p) => [p.keyId, p]));
  for (const k of keys) {
    if (!holders.has(k.keyId) && k.keyId !== recovery?.id) throw new AppError('classified_key_unknown');
    if (holders.has(k.keyId) && !onlyFor.includes(holders.get(k.keyId)!.userId)) throw new AppError('invalid_input');
  }
  try {
    await tx.insert(letterKeys).values(keys.map((k) => ({
      tenantId, letterId: letter.id, keyId: k.keyId, userId: holders.get(k.keyId)?.userId ?? null, secrecy: letter.secrecy, wrapped: k.wrapped, wrappedBy: viewer.user.id,
    }))).onConflictDoNothing();
  } catch (error) {
    const key = refusedBy(error, ['route_person_not_cleared', 'classified_key_unknown'] as const);
    if (key) throw new AppError(key);
    throw error;
  }
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'classified.wrapped', targetType: 'letter', targetId: letter.id,
    data: { holders: keys.map((k) => (holders.has(k.keyId) ? { name: holders.get(k.keyId)!.name, fingerprint: holders.get(k.keyId)!.fingerprint } : { recovery: recovery!.fingerprint })) },
  });
  return [...holders.values()].map((h) => h.userId);
}

/** People (of `userIds`) who already hold a wrapped key for the letter under their current key. */
export async function holdersOf(tx: TenantTx, tenantId: string, letterId: string, userIds: string[]) {
  if (userIds.length === 0) return new Set<string>();
  const rows = await tx.select({ userId: letterKeys.userId }).from(letterKeys)
    .innerJoin(personKeys, and(eq(personKeys.tenantId, letterKeys.tenantId), eq(personKeys.id, letterKeys.keyId), isNull(personKeys.replacedAt)))
    .where(and(eq(letterKeys.tenantId, tenantId), eq(letterKeys.letterId, letterId), inArray(letterKeys.userId, userIds)));
  return new Set(rows.map((r) => r.userId!));
}

/**
 * The viewer's wrapped content key for a classified letter they may open, with its sealed
 * details, for their browser to unwrap. Someone who may open it but holds no key is told
 * how to get one.
 */
export async function myLetterKey(tx: TenantTx, viewer: Viewer, letterId: string) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select({ id: letters.id, secrecy: letters.secrecy, sealedDetails: letters.sealedDetails })
    .from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId)));
  if (!letter || !letter.sealedDetails) throw new AppError('not_found');
  if (!canOpenSecrecy(viewer.user, letter.secrecy)) throw new AppError('clearance_required');
  const [key] = await tx.select({ keyId: letterKeys.keyId, wrapped: letterKeys.wrapped }).from(letterKeys)
    .innerJoin(personKeys, and(eq(personKeys.tenantId, letterKeys.tenantId), eq(personKeys.id, letterKeys.keyId), isNull(personKeys.replacedAt)))
    .where(and(eq(letterKeys.tenantId, tenantId), eq(letterKeys.letterId, letterId), eq(letterKeys.userId, viewer.user.id)));
  if (!key) throw new AppError('classified_no_key_for_you');
  return { letterId, secrecy: letter.secrecy, sealedDetails: letter.sealedDetails, ...key };
}

export const classifiedAccessInput = z.object({
  letterId: z.uuid(),
  act: z.enum(['unwrapped', 'unwrap_failed', 'opened', 'downloaded', 'printed']),
  fileId: z.uuid().optional(),
});

/**
 * What a reader's browser did with a classified letter (unwrapped its key, opened,
 * downloaded or printed a file, or failed to open it), in the audit log for the
 * classified-documents registrar. Only for a letter the viewer may see.
 */
export async function recordClassifiedAccess(tx: TenantTx, viewer: Viewer, input: z.infer<typeof classifiedAccessInput>, ip: string | null) {
  const tenantId = viewer.tenant.id;
  const [incoming] = await tx.select({ id: letters.id, secrecy: letters.secrecy }).from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, input.letterId)));
  const [outgoing] = incoming ? [] : await tx.select({ id: outgoingLetters.id, secrecy: outgoingLetters.secrecy }).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, input.letterId)));
  const letter = incoming ?? outgoing;
  if (!letter || !isClassified(letter.secrecy)) throw new AppError('not_found');
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: `classified.${input.act}`, targetType: incoming ? 'letter' : 'outgoing', targetId: letter.id, ip,
    data: { secrecy: letter.secrecy, ...(input.fileId ? { fileId: input.fileId } : {}) },
  });
}

export const letterKeysInput = z.object({ letterIds: z.array(z.uuid()).min(1).max(100) });

/**
 * The viewer's wrapped keys and sealed details for the classified letters of a list page
 * they hold keys for, so their browser can show those subjects; each hand-out is in the
 * register (`classified.unwrapped`). Letters they may not see or hold no key for are left out.
 */
export async function myLetterKeys(tx: TenantTx, viewer: Viewer, input: z.infer<typeof letterKeysInput>) {
  const tenantId = viewer.tenant.id;
  if (!viewer.user.classifiedAppointed) return [];
  const rows = await tx.select({ letterId: letters.id, secrecy: letters.secrecy, sealedDetails: letters.sealedDetails, keyId: letterKeys.keyId, wrapped: letterKeys.wrapped })
    .from(letters)
    .innerJoin(letterKeys, and(eq(letterKeys.tenantId, letters.tenantId), eq(letterKeys.letterId, letters.id), eq(letterKeys.userId, viewer.user.id)))
    .innerJoin(personKeys, and(eq(personKeys.tenantId, letterKeys.tenantId), eq(personKeys.id, letterKeys.keyId), isNull(personKeys.replacedAt)))
    .where(and(eq(letters.tenantId, tenantId), inArray(letters.id, [...new Set(input.letterIds)])));
  const open = rows.filter((r) => r.sealedDetails && canOpenSecrecy(viewer.user, r.secrecy));
  await recordAudits(tx, tenantId, open.map((r) => ({
    actor: actorOf(viewer), action: 'classified.unwrapped', targetType: 'letter', targetId: r.letterId, data: { secrecy: r.secrecy, list: true },
  })));
  return open.map((r) => ({ letterId: r.letterId, sealedDetails: r.sealedDetails!, wrapped: r.wrapped }));
}

const sealedTextPattern = /^sealed:[A-Za-z0-9+/]+=*$/;

/**
 * A note's field: plain text up to `max` characters, or a sealed note (longer: ciphertext in
 * base64) for a classified letter.
 */
export function noteField(max: number) {
  return z.string().trim().max(16_000).refine((v) => v.startsWith('sealed:') || v.length <= max, { message: 'note_too_long' });
}

/**
 * A note written on a classified letter (routing note, endorsement, action taken) must come
 * sealed from the writer's browser (`sealed:<base64>`, core/classified-crypto.ts sealText) or
 * be empty; on other letters it is plain text. So no note on a classified letter, nor its
 * audit entry, is kept in the clear.
 */
export async function checkNoteFor(tx: TenantTx, tenantId: string, letterId: string, ...notes: string[]) {
  const [letter] = await tx.select({ sealed: letters.sealedDetails }).from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId)));
  assertSealedNotes(Boolean(letter?.sealed), notes);
}

/** The same rule for notes on an outgoing letter (comments, reasons) already loaded: sealed if it is classified. */
export function assertSealedNotes(sealed: boolean, notes: readonly string[]) {
  if (!sealed) return;
  if (notes.some((n) => n !== '' && !(sealedTextPattern.test(n) && n.length <= 16_000))) throw new AppError('classified_sealed_required');
}

/** The receiving agency's keys a sealed delivery was wrapped for are no longer enough to open it here. */
export class SealedKeysChanged extends Error {}

/**
 * The wrapped keys of a classified letter delivered from another agency, kept in the receiving
 * agency (inside the delivery's transaction, as the system). Only keys still current in its
 * directory are kept (the database checks each again); without its recovery key or any officer
 * the delivery is refused whole. The officers holding a key are told by e-mail, without subject,
 * that a letter awaits them.
 */
export async function admitSealedKeys(
  tx: TenantTx, tenantId: string, letterId: string, secrecy: Secrecy, keys: ReadonlyArray<{ keyId: string; userId: string | null; wrapped: string }>,
) {
  if (!isClassified(secrecy)) throw new SealedKeysChanged();
  const current = new Set((await tx.select({ keyId: classifiedDirectory.keyId }).from(classifiedDirectory)
    .where(and(eq(classifiedDirectory.tenantId, tenantId), inArray(classifiedDirectory.keyId, keys.map((k) => k.keyId)),
      or(isNull(classifiedDirectory.userId), inArray(classifiedDirectory.clearance, secrecy === 'secret' ? ['secret'] : ['confidential', 'secret'])))))
    .map((r) => r.keyId));
  const kept = keys.filter((k) => current.has(k.keyId));
  if (!kept.some((k) => k.userId === null) || !kept.some((k) => k.userId !== null)) throw new SealedKeysChanged();
  await tx.insert(letterKeys).values(kept.map((k) => ({ tenantId, letterId, keyId: k.keyId, userId: k.userId, secrecy, wrapped: k.wrapped, wrappedBy: null })));
  await recordAudit(tx, tenantId, {
    actor: systemActor('ระบบสารบรรณ'), action: 'classified.wrapped', targetType: 'letter', targetId: letterId,
    data: { delivered: true, holders: kept.length, dropped: keys.length - kept.length },
  });
  await enqueue(tx, 'letter.classified-notice', { letterId }, { jobKey: `classified-notice:${letterId}`, maxAttempts: 8 });
}
