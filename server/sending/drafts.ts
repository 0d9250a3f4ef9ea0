/** What the acts on an outgoing letter share: the locked row, its current content and review step, and the edit check. */
import { and, eq } from 'drizzle-orm';
import { letters, outgoingLetters, outgoingVersions, reviewSteps } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import type { DraftContent } from '@/core/draft-content';
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
