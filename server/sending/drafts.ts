/** What the acts on an outgoing letter share: the locked row, its current content and review step, and the edit check. */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { letters, outgoingLetters, outgoingVersions, reviewSteps } from '@/db/schema';
import type { LetterKind } from '@/core/letters';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import type { DraftContent } from '@/core/draft-content';
import { myCurrentKeyId } from '@/server/classified/keys';
import { isClassified, requireRecoveryKey, storeLetterKeys } from '@/server/classified/letter-keys';
import { sealedVersion, type newSealingField } from '@/server/classified/sealed-drafts';
import { isUniqueViolation } from '@/server/shared/db-errors';
import type { z } from 'zod';
import { mayEdit } from './sending-rules';

/** The letter row, visible under RLS (a classified draft exists only for those cleared), locked for a change. */
export async function lockOutgoing(tx: TenantTx, tenantId: string, letterId: string) {
  const [row] = await tx.select().from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letterId))).for('update');
  if (!row) throw new AppError('not_found');
  return row;
}

export async function currentContent(tx: TenantTx, tenantId: string, letterId: string, version: number) {
  const [row] = await tx.select({ content: outgoingVersions.content }).from(outgoingVersions)
    .where(and(eq(outgoingVersions.tenantId, tenantId), eq(outgoingVersions.letterId, letterId), eq(outgoingVersions.version, version)));
  return row!.content;
}


/** A draft may refer only to an incoming letter the person can see (อ้างถึง). */
export async function checkReplyTo(tx: TenantTx, tenantId: string, content: DraftContent) {
  if (!content.replyToLetterId) return;
  const [found] = await tx.select({ id: letters.id }).from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, content.replyToLetterId)));
  if (!found) throw new AppError('not_found');
}

export async function currentStep(tx: TenantTx, tenantId: string, letterId: string) {
  const [step] = await tx.select().from(reviewSteps)
    .where(and(eq(reviewSteps.tenantId, tenantId), eq(reviewSteps.letterId, letterId), eq(reviewSteps.state, 'current')));
  return step ?? null;
}

/** Whether the person may change the draft now (the same rule as saving it). */
export async function assertEditable(tx: TenantTx, viewer: Viewer, letterId: string) {
  const letter = await lockOutgoing(tx, viewer.tenant.id, letterId);
  if (letter.signedAt) throw new AppError('signed_letter_locked');
  const current = letter.state === 'in_review' ? await currentStep(tx, viewer.tenant.id, letter.id) : null;
  if (!mayEdit(letter, viewer.user.id, current)) throw new AppError('draft_not_editable');
  return letter;
}

/**
 * A new draft's first version, owned by the person: in the clear, or (classified) sealed under
 * the content key its browser made and handed over with its sealing, the key kept wrapped for
 * the person and the agency's recovery key (both required). Returns its id.
 */
export async function startDraft(tx: TenantTx, viewer: Viewer, draft: {
  unitId: string; kind: LetterKind; content: DraftContent; sealing: z.infer<typeof newSealingField> | undefined; note?: string;
}) {
  const tenantId = viewer.tenant.id;
  const c = draft.content;
  const classified = isClassified(c.secrecy);
  if (classified !== Boolean(draft.sealing)) throw new AppError(classified ? 'classified_sealed_required' : 'invalid_input');
  const id = draft.sealing?.letterId ?? randomUUID();
  const required = classified ? await Promise.all([myCurrentKeyId(tx, viewer), requireRecoveryKey(tx, tenantId).then((r) => r.id)]) : [];
  const stored = draft.sealing ? await sealedVersion(draft.sealing.contentKey, id, 1, c) : { content: c, sealedContent: null };
  try {
    await tx.insert(outgoingLetters).values({
      tenantId, id, unitId: draft.unitId, kind: draft.kind, subject: stored.content.subject, urgency: c.urgency, secrecy: c.secrecy,
      circular: c.circular, replyToLetterId: c.replyToLetterId, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh,
    });
  } catch (error) {
    if (isUniqueViolation(error, 'outgoing_letters_tenant_id_id_pk')) throw new AppError('invalid_input');
    throw error;
  }
  await tx.insert(outgoingVersions).values({
    tenantId, letterId: id, version: 1, ...stored, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh, ...(draft.note ? { note: draft.note } : {}),
  });
  if (draft.sealing && isClassified(c.secrecy)) {
    await storeLetterKeys(tx, viewer, { id, secrecy: c.secrecy }, draft.sealing.keys, required, [viewer.user.id]);
  }
  return { id, subject: stored.content.subject };
}
