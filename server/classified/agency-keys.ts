import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@/core/errors';
import { classifiedDirectory, outgoingLetters, type DeliveredLetter } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { canOpenSecrecy } from '@/server/auth/permissions';
import { currentContent } from '@/server/sending/drafts';
import { findDirectoryEntries } from '@/server/tenancy/agency-directory';
import { isClassified, wrappedKey } from './letter-keys';

/**
 * Sealing a classified letter for another agency (docs/classified.md, "Between agencies"):
 * the platform directory of each agency's classified keys, and the check of what the
 * sender's browser wrapped against it. Only public keys and ciphertext pass through here.
 */

type Classified = 'confidential' | 'secret';
const levels: Record<Classified, Array<'confidential' | 'secret'>> = { confidential: ['confidential', 'secret'], secret: ['secret'] };

/** At most this many officers of one agency are listed (and wrapped for). */
const MAX_OFFICERS = 50;

export type AgencyKeys = {
  tenantId: string;
  recovery: { keyId: string; publicKey: string; fingerprint: string } | null;
  officers: Array<{ keyId: string; userId: string; fullNameTh: string; position: string; publicKey: string; fingerprint: string; keyChanged: boolean; keyCreatedAt: Date }>;
};

/**
 * For each agency, the people appointed to classified work and cleared to `secrecy` who have a
 * current key, and its recovery key: what a letter sent to it is sealed for. Read from the
 * platform directory inside the sender's own transaction.
 */
export async function agencyKeys(tx: TenantTx, tenantIds: readonly string[], secrecy: Classified): Promise<AgencyKeys[]> {
  const ids = [...new Set(tenantIds)];
  if (ids.length === 0) return [];
  const rows = await tx.select().from(classifiedDirectory)
    .where(and(inArray(classifiedDirectory.tenantId, ids), or(isNull(classifiedDirectory.userId), inArray(classifiedDirectory.clearance, levels[secrecy]))))
    .orderBy(asc(classifiedDirectory.tenantId), asc(classifiedDirectory.fullNameTh)).limit(ids.length * (MAX_OFFICERS + 1));
  return ids.map((tenantId) => {
    const mine = rows.filter((r) => r.tenantId === tenantId);
    const recovery = mine.find((r) => r.userId === null);
    return {
      tenantId,
      recovery: recovery ? { keyId: recovery.keyId, publicKey: recovery.publicKey, fingerprint: recovery.fingerprint } : null,
      officers: mine.filter((r) => r.userId !== null).slice(0, MAX_OFFICERS).map((r) => ({
        keyId: r.keyId, userId: r.userId!, fullNameTh: r.fullNameTh, position: r.position, publicKey: r.publicKey,
        fingerprint: r.fingerprint, keyChanged: r.keyChanged, keyCreatedAt: r.keyCreatedAt,
      })),
    };
  });
}

/** What the sender's browser hands over to send a classified letter on the platform. */
export const sealedSending = z.strictObject({
  /** The letter's details for the receiving agencies (subject, file names), sealed with its content key. */
  details: z.string().min(60).max(40_000).regex(/^[A-Za-z0-9+/]+=*$/),
  /** For each receiving agency, the content key wrapped for its officers and its recovery key. */
  agencies: z.array(z.strictObject({ tenantId: z.uuid(), keys: z.array(wrappedKey).min(2).max(MAX_OFFICERS + 1) })).min(1).max(50),
});
export type SealedSending = z.infer<typeof sealedSending>;

/**
 * The sealing a classified letter goes with to each receiving agency, checked against the
 * directory now: every key is a current key of that agency (an officer cleared to the level or its
 * recovery key), its recovery key is among them, and at least one officer is. An agency with no
 * one to receive it is refused with advice (send on paper; ask them to appoint someone).
 */
export async function checkSealing(tx: TenantTx, viewer: Viewer, letter: { id: string; secrecy: string }, agencyIds: readonly string[], sealing: SealedSending | undefined) {
  if (!isClassified(letter.secrecy as never)) return new Map<string, NonNullable<DeliveredLetter['seal']>['keys']>();
  if (!canOpenSecrecy(viewer.user, letter.secrecy as Classified)) throw new AppError('clearance_required');
  if (!sealing) throw new AppError('classified_sealed_required');
  const directory = new Map((await agencyKeys(tx, agencyIds, letter.secrecy as Classified)).map((a) => [a.tenantId, a]));
  const byAgency = new Map<string, NonNullable<DeliveredLetter['seal']>['keys']>();
  for (const id of new Set(agencyIds)) {
    const entry = directory.get(id)!;
    if (!entry.recovery || entry.officers.length === 0) throw new AppError('recipient_classified_unready');
    const given = sealing.agencies.find((a) => a.tenantId === id);
    if (!given) throw new AppError('classified_key_missing');
    const officers = new Map(entry.officers.map((o) => [o.keyId, o]));
    if (new Set(given.keys.map((k) => k.keyId)).size !== given.keys.length) throw new AppError('invalid_input');
    if (given.keys.some((k) => k.keyId !== entry.recovery!.keyId && !officers.has(k.keyId))) throw new AppError('classified_key_unknown');
    if (!given.keys.some((k) => k.keyId === entry.recovery!.keyId) || !given.keys.some((k) => officers.has(k.keyId))) throw new AppError('classified_key_missing');
    byAgency.set(id, given.keys.map((k) => ({ keyId: k.keyId, userId: officers.get(k.keyId)?.userId ?? null, wrapped: k.wrapped })));
  }
  if (sealing.agencies.some((a) => !byAgency.has(a.tenantId))) throw new AppError('invalid_input');
  await recordAudit(tx, viewer.tenant.id, {
    actor: actorOf(viewer), action: 'classified.wrapped', targetType: 'outgoing', targetId: letter.id,
    data: {
      agencies: [...byAgency.entries()].map(([id, keys]) => ({
        agency: id,
        holders: keys.map((k) => {
          const officer = directory.get(id)!.officers.find((o) => o.keyId === k.keyId);
          return officer ? { name: officer.fullNameTh, fingerprint: officer.fingerprint } : { recovery: directory.get(id)!.recovery!.fingerprint };
        }),
      })),
    },
  });
  return byAgency;
}

/**
 * For the sender's browser: each receiving agency of a signed classified letter (its name), with
 * the keys to seal it for, fingerprints and changed keys flagged, before anything is wrapped.
 */
export async function keysForSending(tx: TenantTx, viewer: Viewer, letterId: string) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select({ id: outgoingLetters.id, secrecy: outgoingLetters.secrecy, version: outgoingLetters.version }).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letterId)));
  if (!letter || !isClassified(letter.secrecy)) throw new AppError('not_found');
  if (!canOpenSecrecy(viewer.user, letter.secrecy)) throw new AppError('clearance_required');
  const content = await currentContent(tx, tenantId, letter.id, letter.version);
  const ids = [...new Set(content.recipients.flatMap((r) => (r.kind === 'agency' ? [r.tenantId] : [])))];
  const [keys, names] = await Promise.all([agencyKeys(tx, ids, letter.secrecy), findDirectoryEntries(tx, ids)]);
  return keys.map((k) => ({ ...k, nameTh: names.find((n) => n.id === k.tenantId)?.nameTh ?? '' }));
}
