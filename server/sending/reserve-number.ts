import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingFiles, outgoingLetters, sendRegisterEntries } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import type { StoredFile } from '@/server/storage/store-upload';
import { draftContent, DRAFT_LIMITS } from '@/core/draft-content';
import { AppError } from '@/core/errors';
import { lockOutgoing, startDraft } from './drafts';
import { takeNumber } from './sign';

export const reserveNumberInput = z.object({
  subject: z.string().trim().min(1).max(DRAFT_LIMITS.subject),
  addressee: z.string().trim().max(DRAFT_LIMITS.line).default(''),
  reason: z.string().trim().min(1).max(1000),
  circular: z.boolean().default(false),
});
export const cancelReservationInput = z.object({ letterId: z.uuid(), note: z.string().trim().min(1).max(1000) });
export const attachPaperInput = z.object({ letterId: z.uuid() });

/**
 * จองเลข: the next send (or circular) number of the acting unit's register, taken now for a
 * letter that will be signed on paper outside the system, with the reason. Its register line
 * is written at once, so the register has no gap whatever becomes of it.
 */
export async function reserveNumber(tx: TenantTx, viewer: Viewer, input: z.infer<typeof reserveNumberInput>) {
  const unitId = viewer.actingUnitId;
  if (!unitId) throw new AppError('forbidden');
  const tenantId = viewer.tenant.id;
  const content = draftContent.parse({ subject: input.subject, addressee: input.addressee, circular: input.circular });
  const { id } = await startDraft(tx, viewer, { unitId, kind: 'external', content, sealing: undefined });
  const at = new Date();
  const { register, year, number, documentNumber, date } = await takeNumber(tx, viewer, { kind: 'external', circular: input.circular, unitId, secrecy: 'normal' }, at);
  await tx.insert(sendRegisterEntries).values({ tenantId, registerId: register!.id, year, number: number!, outgoingLetterId: id, registeredAt: at, registeredByName: viewer.user.fullNameTh });
  await tx.update(outgoingLetters).set({
    // Numbered as at signing: its line is the unit's (and the central registry's) to see, and the letter is never a draft again.
    state: 'reserved', documentNumber, registerId: register!.id, numberYear: year, number, letterDate: date, updatedAt: at, reservedReason: input.reason, signedAt: at,
  }).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, id)));
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'outgoing.number_reserved', targetType: 'outgoing', targetId: id, data: { documentNumber, reason: input.reason } });
  return { id, documentNumber, number: number!, registerId: register!.id, year };
}

/** The scan of the letter signed on paper, attached to its reserved line: the letter is then of record (`paper`). */
export async function attachPaperScan(tx: TenantTx, viewer: Viewer, input: z.infer<typeof attachPaperInput>, uploads: { letterId: string; files: StoredFile[] } | null) {
  if (!uploads || uploads.letterId !== input.letterId || uploads.files.length === 0) throw new AppError('invalid_input');
  const tenantId = viewer.tenant.id;
  const letter = await reservedLetter(tx, viewer, input.letterId);
  const at = new Date();
  await tx.insert(outgoingFiles).values(uploads.files.map(({ sealedFileId: _sealed, ...f }) => ({ tenantId, id: randomUUID(), letterId: letter.id, kind: 'signed' as const, ...f })));
  await tx.update(outgoingLetters).set({ state: 'paper', updatedAt: at }).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'outgoing.paper_attached', targetType: 'outgoing', targetId: letter.id,
    data: { documentNumber: letter.documentNumber, files: uploads.files.map((f) => ({ name: f.fileName, sha256: f.sha256 })) },
  });
  return { attached: uploads.files.length };
}

/** A reservation not used: cancelled with a note. Its number stays on its line, never given again. */
export async function cancelReservation(tx: TenantTx, viewer: Viewer, input: z.infer<typeof cancelReservationInput>) {
  const tenantId = viewer.tenant.id;
  const letter = await reservedLetter(tx, viewer, input.letterId);
  await tx.update(outgoingLetters).set({ state: 'cancelled', reservationNote: input.note, updatedAt: new Date() })
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'outgoing.reservation_cancelled', targetType: 'outgoing', targetId: letter.id, data: { documentNumber: letter.documentNumber, note: input.note } });
  return { ok: true };
}

/** A reserved letter the viewer may act on: theirs, or of the unit they send for. */
async function reservedLetter(tx: TenantTx, viewer: Viewer, letterId: string) {
  const letter = await lockOutgoing(tx, viewer.tenant.id, letterId);
  if (letter.createdBy !== viewer.user.id && letter.unitId !== viewer.actingUnitId) throw new AppError('not_found');
  if (letter.state !== 'reserved') throw new AppError('not_reserved');
  return letter;
}
