import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { endorsements, letterAssignments, letters, notifications, registerEntries } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { assertSealedNotes, checkNoteFor, noteField, notificationTitle } from '@/server/classified/letter-keys';

export const endorseInput = z.object({ letterId: z.uuid(), text: noteField(4000).pipe(z.string().min(1)) });
export const recordActionInput = z.object({ assignmentId: z.uuid(), text: noteField(4000).pipe(z.string().min(1)), close: z.boolean() });
export const assignmentIdInput = z.object({ assignmentId: z.uuid() });

/** เกษียน: an executive writes an instruction or opinion on the letter, signed with name, position and time. */
export async function endorseLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof endorseInput>) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select({ id: letters.id, sealedDetails: letters.sealedDetails }).from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, input.letterId)));
  if (!letter) throw new AppError('not_found');
  assertSealedNotes(letter.sealedDetails !== null, [input.text]);
  const id = randomUUID();
  await tx.insert(endorsements).values({
    tenantId, id, letterId: letter.id, text: input.text, authorId: viewer.user.id, authorName: viewer.user.fullNameTh, authorPosition: viewer.user.position,
  });
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'letter.endorsed', targetType: 'letter', targetId: letter.id,
    data: { text: input.text, position: viewer.user.position },
  });
  return { id };
}

/** The parts of letters that are the viewer's: routed to them, or to one of their units. */
export function viewerParts(viewer: Viewer) {
  const unitIds = viewer.memberships.map((m) => m.unitId);
  return or(eq(letterAssignments.userId, viewer.user.id), unitIds.length ? inArray(letterAssignments.unitId, unitIds) : undefined);
}

/** The assignee records what was done on their part, and may close it; the letter closes with its last open part. */
export async function recordAction(tx: TenantTx, viewer: Viewer, input: z.infer<typeof recordActionInput>) {
  const tenantId = viewer.tenant.id;
  const [part] = await tx.select().from(letterAssignments)
    .where(and(eq(letterAssignments.tenantId, tenantId), eq(letterAssignments.id, input.assignmentId), viewerParts(viewer)));
  if (!part) throw new AppError('not_found');
  if (part.closedAt) throw new AppError('part_already_closed');
  await checkNoteFor(tx, tenantId, part.letterId, input.text);
  const actor = actorOf(viewer);
  await recordAudit(tx, tenantId, {
    actor, action: input.close ? 'letter.part_closed' : 'letter.action_recorded', targetType: 'letter', targetId: part.letterId,
    data: { assignmentId: part.id, text: input.text },
  });
  if (!input.close) return { closed: false, letterClosed: false };
  await tx.update(letterAssignments).set({ closedAt: new Date(), closedBy: viewer.user.id, closedByName: viewer.user.fullNameTh, outcome: input.text, readAt: part.readAt ?? new Date() })
    .where(and(eq(letterAssignments.tenantId, tenantId), eq(letterAssignments.id, part.id)));
  const open = await tx.select({ id: letterAssignments.id }).from(letterAssignments)
    .where(and(eq(letterAssignments.tenantId, tenantId), eq(letterAssignments.letterId, part.letterId), isNull(letterAssignments.closedAt)));
  if (open.length === 0) {
    await recordAudit(tx, tenantId, { actor, action: 'letter.closed', targetType: 'letter', targetId: part.letterId });
    await tellLetterFinished(tx, viewer, part.letterId);
  }
  return { closed: true, letterClosed: open.length === 0 };
}

/** Its last part closed: whoever routed it, and whoever registered it, are told (not the person who closed it). */
async function tellLetterFinished(tx: TenantTx, viewer: Viewer, letterId: string) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select({ subject: letters.subject, secrecy: letters.secrecy }).from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId)));
  const [routers, registrars] = await Promise.all([
    tx.selectDistinct({ userId: letterAssignments.assignedBy }).from(letterAssignments).where(and(eq(letterAssignments.tenantId, tenantId), eq(letterAssignments.letterId, letterId))),
    tx.selectDistinct({ userId: registerEntries.registeredBy }).from(registerEntries)
      .where(and(eq(registerEntries.tenantId, tenantId), eq(registerEntries.letterId, letterId), isNull(registerEntries.cancelledAt))),
  ]);
  const told = new Set([...routers, ...registrars].map((r) => r.userId));
  told.delete(viewer.user.id);
  if (told.size === 0 || !letter) return;
  await tx.insert(notifications).values([...told].map((userId) => ({
    tenantId, id: randomUUID(), userId, kind: 'letter_finished' as const, letterId, title: notificationTitle(letter),
  })));
}

/** Opening a letter marks the viewer's parts of it read, and its notifications. */
export async function markLetterRead(tx: TenantTx, viewer: Viewer, letterId: string) {
  const tenantId = viewer.tenant.id;
  const now = new Date();
  await tx.update(letterAssignments).set({ readAt: now })
    .where(and(eq(letterAssignments.tenantId, tenantId), eq(letterAssignments.letterId, letterId), isNull(letterAssignments.readAt), viewerParts(viewer)));
  return markNotificationsRead(tx, viewer, letterId);
}

/** Marks the viewer's unread notifications read: all of them, or those about one letter (incoming or outgoing) when it is opened. */
export async function markNotificationsRead(tx: TenantTx, viewer: Viewer, letterId?: string) {
  await tx.update(notifications).set({ readAt: new Date() })
    .where(and(eq(notifications.tenantId, viewer.tenant.id), eq(notifications.userId, viewer.user.id), isNull(notifications.readAt),
      letterId ? eq(notifications.letterId, letterId) : undefined));
  return { ok: true };
}

