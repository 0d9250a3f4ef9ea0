import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingLetters, outgoingVersions } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { currentContent, lockOutgoing } from './drafts';
import { mayRevise } from './sending-rules';

export const reviseInput = z.object({ letterId: z.uuid(), reason: z.string().trim().min(1).max(1000) });

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
  // A classified letter's content is sealed to its own id: a revision is drafted anew (not offered as a copy yet).
  if (letter.secrecy !== 'normal') throw new AppError('classified_pending');
  if (letter.state === 'sent') throw new AppError('already_sent');
  if (letter.supersededBy) throw new AppError('letter_superseded');
  if (!mayRevise(letter, viewer.user.id)) throw new AppError('draft_not_editable');
  const content = await currentContent(tx, tenantId, letter.id, letter.version);
  const id = randomUUID();
  await tx.insert(outgoingLetters).values({
    tenantId, id, unitId: letter.unitId, kind: letter.kind, subject: content.subject, urgency: content.urgency, secrecy: content.secrecy,
    circular: content.circular, replyToLetterId: content.replyToLetterId, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh,
  });
  await tx.insert(outgoingVersions).values({
    tenantId, letterId: id, version: 1, content, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh,
    note: `แก้ไขจากหนังสือที่ลงนามแล้ว ${letter.documentNumber ?? ''}: ${input.reason}`.replace(/\s+:/, ':'),
  });
  await tx.update(outgoingLetters).set({ supersededBy: id, supersededReason: input.reason })
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  const actor = actorOf(viewer);
  await recordAudit(tx, tenantId, { actor, action: 'outgoing.superseded', targetType: 'outgoing', targetId: letter.id, data: { by: id, reason: input.reason, documentNumber: letter.documentNumber } });
  await recordAudit(tx, tenantId, { actor, action: 'outgoing.drafted', targetType: 'outgoing', targetId: id, data: { kind: letter.kind, subject: content.subject, revises: letter.id } });
  return { id };
}
