import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingLetters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { assertSealedNotes, isClassified, noteField } from '@/server/classified/letter-keys';
import { contentForRequest, contentKeyField, newSealingField } from '@/server/classified/sealed-drafts';
import { currentContent, lockOutgoing, startDraft } from './drafts';
import { mayRevise } from './sending-rules';

export const reviseInput = z.object({
  letterId: z.uuid(),
  /** Plain, or sealed with the letter's key for a classified letter (server/classified/letter-keys.ts noteField). */
  reason: noteField(1000).pipe(z.string().min(1)),
  /** A classified letter: its key (to open the signed version, for this request only)… */
  contentKey: contentKeyField.optional(),
  /** …and the new draft's sealing made in the browser (its id, new key, wrapped for the person and the recovery key). */
  sealing: newSealingField.optional(),
});

/**
 * A signed letter that must change before it is sent: its content becomes a new draft
 * (a new letter, to be reviewed and signed again, with its own number), and the signed
 * one is marked superseded with the reason — kept, with its number and register line, but
 * never sent. Its author or its signer may do this. A letter already sent is corrected by
 * a new letter that refers to it instead.
 */
export async function reviseSigned(tx: TenantTx, viewer: Viewer, input: z.infer<typeof reviseInput>) {
  const tenantId = viewer.tenant.id;
  const letter = await lockOutgoing(tx, tenantId, input.letterId);
  if (!letter.signedAt) throw new AppError('not_signed');
  if (letter.state === 'sent') throw new AppError('already_sent');
  if (letter.supersededBy) throw new AppError('letter_superseded');
  if (!mayRevise(letter, viewer.user.id)) throw new AppError('draft_not_editable');
  // A classified letter's content is sealed to its own id and key: the copy is opened with the key the
  // browser handed over and sealed again under the new draft's own id and key, made in the browser.
  const classified = isClassified(letter.secrecy);
  if (classified !== Boolean(input.sealing)) throw new AppError(classified ? 'classified_sealed_required' : 'invalid_input');
  assertSealedNotes(classified, [input.reason]);
  const content = await contentForRequest(tx, tenantId, letter, await currentContent(tx, tenantId, letter.id, letter.version), input.contentKey);
  const { id, subject } = await startDraft(tx, viewer, {
    unitId: letter.unitId, kind: letter.kind, content, sealing: input.sealing,
    // A classified letter's reason is sealed with the signed letter's key: it stays there, not in the new draft's note.
    note: (classified ? `แก้ไขจากหนังสือที่ลงนามแล้ว ${letter.documentNumber ?? ''}` : `แก้ไขจากหนังสือที่ลงนามแล้ว ${letter.documentNumber ?? ''}: ${input.reason}`).replace(/\s+:/, ':').trim(),
  });
  await tx.update(outgoingLetters).set({ supersededBy: id, supersededReason: input.reason })
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  const actor = actorOf(viewer);
  await recordAudit(tx, tenantId, { actor, action: 'outgoing.superseded', targetType: 'outgoing', targetId: letter.id, data: { by: id, reason: classified ? null : input.reason, documentNumber: letter.documentNumber } });
  await recordAudit(tx, tenantId, { actor, action: 'outgoing.drafted', targetType: 'outgoing', targetId: id, data: { kind: letter.kind, subject, revises: letter.id } });
  return { id };
}
