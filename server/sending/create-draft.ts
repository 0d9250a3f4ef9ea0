import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { outgoingLetters, outgoingVersions } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { draftContent } from '@/core/draft-content';
import { letterKinds } from '@/core/letters';

import { canOpenSecrecy } from '@/server/auth/permissions';
import { myCurrentKeyId } from '@/server/classified/keys';
import { isClassified, requireRecoveryKey, storeLetterKeys } from '@/server/classified/letter-keys';
import { newSealingField, sealedVersion } from '@/server/classified/sealed-drafts';
import { isUniqueViolation } from '@/server/shared/db-errors';
import { checkReplyTo } from './drafts';

export const createDraftInput = z.object({
  kind: z.enum(letterKinds),
  content: draftContent,
  /** A classified draft's sealing, made in the browser (server/classified/sealed-drafts.ts). */
  sealing: newSealingField.optional(),
});

/** A new draft owned by the person, for the unit they act for (ส่วนราชการเจ้าของเรื่อง): version 1. */
export async function createDraft(tx: TenantTx, viewer: Viewer, input: z.infer<typeof createDraftInput>) {
  const tenantId = viewer.tenant.id;
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  await checkReplyTo(tx, tenantId, input.content);
  const id = input.sealing?.letterId ?? randomUUID();
  const c = input.content;
  const classified = isClassified(c.secrecy);
  if (classified !== Boolean(input.sealing)) throw new AppError(classified ? 'classified_sealed_required' : 'invalid_input');
  if (classified && !canOpenSecrecy(viewer.user, c.secrecy)) throw new AppError('clearance_required');
  const required = classified ? await Promise.all([myCurrentKeyId(tx, viewer), requireRecoveryKey(tx, tenantId).then((r) => r.id)]) : [];
  const stored = input.sealing ? await sealedVersion(input.sealing.contentKey, id, 1, c) : { content: c, sealedContent: null };
  try {
    await tx.insert(outgoingLetters).values({
      tenantId, id, unitId: viewer.actingUnitId, kind: input.kind, subject: stored.content.subject, urgency: c.urgency, secrecy: c.secrecy,
      circular: c.circular, replyToLetterId: c.replyToLetterId, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh,
    });
  } catch (error) {
    if (isUniqueViolation(error, 'outgoing_letters_tenant_id_id_pk')) throw new AppError('invalid_input');
    throw error;
  }
  await tx.insert(outgoingVersions).values({ tenantId, letterId: id, version: 1, ...stored, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh });
  if (input.sealing && isClassified(c.secrecy)) {
    await storeLetterKeys(tx, viewer, { id, secrecy: c.secrecy }, input.sealing.keys, required, [viewer.user.id]);
  }
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'outgoing.drafted', targetType: 'outgoing', targetId: id, data: { kind: input.kind, subject: stored.content.subject },
  });
  return { id, version: 1 };
}
