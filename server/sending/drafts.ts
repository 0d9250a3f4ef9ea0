import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, draftComments, letters, outgoingFiles, outgoingLetters, outgoingVersions, reviewSteps } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/server/errors';
import { draftContent, type DraftContent } from '@/server/letters/draft-content';
import { letterKinds } from '@/server/letters/letter-kinds';
import { MAX_FILES_PER_LETTER, type StoredFile } from '@/server/storage/store-upload';
import { rootUnit } from '@/server/units/find-unit';

export const createDraftInput = z.object({ kind: z.enum(letterKinds), content: draftContent });
export const saveDraftInput = z.object({
  letterId: z.uuid(),
  /** The version the editor started from: a save over someone else's newer version is refused. */
  baseVersion: z.number().int().min(1),
  content: draftContent,
  note: z.string().trim().max(500).default(''),
});
export const commentInput = z.object({ letterId: z.uuid(), body: z.string().trim().min(1).max(4000) });

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

async function checkReplyTo(tx: TenantTx, tenantId: string, content: DraftContent) {
  if (!content.replyToLetterId) return;
  const [found] = await tx.select({ id: letters.id }).from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, content.replyToLetterId)));
  if (!found) throw new AppError('not_found');
}

/** A new draft owned by the person, for the unit they act for (ส่วนราชการเจ้าของเรื่อง): version 1. */
export async function createDraft(tx: TenantTx, viewer: Viewer, input: z.infer<typeof createDraftInput>) {
  const tenantId = viewer.tenant.id;
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  await checkReplyTo(tx, tenantId, input.content);
  const id = randomUUID();
  const c = input.content;
  await tx.insert(outgoingLetters).values({
    tenantId, id, unitId: viewer.actingUnitId, kind: input.kind, subject: c.subject, urgency: c.urgency, secrecy: c.secrecy,
    circular: c.circular, replyToLetterId: c.replyToLetterId, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh,
  });
  await tx.insert(outgoingVersions).values({ tenantId, letterId: id, version: 1, content: c, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh });
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'outgoing.drafted', targetType: 'outgoing', targetId: id, data: { kind: input.kind, subject: c.subject } });
  return { id, version: 1 };
}

/**
 * Saves the editor's content as the next version. The owner edits a draft or a returned
 * one; while in review, the person whose step it is may edit (ตรวจแก้). A signed letter
 * refuses (and so does the database).
 */
export async function saveDraft(tx: TenantTx, viewer: Viewer, input: z.infer<typeof saveDraftInput>) {
  const tenantId = viewer.tenant.id;
  const letter = await assertEditable(tx, viewer, input.letterId);
  if (input.baseVersion !== letter.version) throw new AppError('draft_changed');
  await checkReplyTo(tx, tenantId, input.content);
  const version = letter.version + 1;
  const c = input.content;
  await tx.insert(outgoingVersions).values({
    tenantId, letterId: letter.id, version, content: c, note: input.note, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh,
  });
  await tx.update(outgoingLetters).set({
    version, subject: c.subject, urgency: c.urgency, secrecy: c.secrecy, circular: c.circular, replyToLetterId: c.replyToLetterId,
    updatedAt: sql`now()`, ...(letter.state === 'returned' ? { state: 'draft' as const } : {}),
  }).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'outgoing.revised', targetType: 'outgoing', targetId: letter.id, data: { version, note: input.note } });
  return { version };
}

export const removeAttachmentInput = z.object({ letterId: z.uuid(), fileId: z.uuid() });

/** Whether the person may change the draft now (the same rule as saving it). */
async function assertEditable(tx: TenantTx, viewer: Viewer, letterId: string) {
  const letter = await lockOutgoing(tx, viewer.tenant.id, letterId);
  if (letter.signedAt) throw new AppError('signed_letter_locked');
  const owner = letter.createdBy === viewer.user.id && (letter.state === 'draft' || letter.state === 'returned');
  const reviewer = letter.state === 'in_review' && (await currentStep(tx, viewer.tenant.id, letter.id))?.userId === viewer.user.id;
  if (!owner && !reviewer) throw new AppError('draft_not_editable');
  return letter;
}

/** Files stored by the upload endpoint become the draft's attachments (สิ่งที่ส่งมาด้วย). */
export async function addAttachments(tx: TenantTx, viewer: Viewer, letterId: string, uploads: { letterId: string; files: StoredFile[] } | null) {
  if (!uploads || uploads.letterId !== letterId || uploads.files.length === 0) throw new AppError('invalid_input');
  const tenantId = viewer.tenant.id;
  await assertEditable(tx, viewer, letterId);
  const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(outgoingFiles)
    .where(and(eq(outgoingFiles.tenantId, tenantId), eq(outgoingFiles.letterId, letterId), eq(outgoingFiles.kind, 'attachment'))) as [{ count: number }];
  if (count + uploads.files.length > MAX_FILES_PER_LETTER) throw new AppError('too_many_files');
  await tx.insert(outgoingFiles).values(uploads.files.map((f) => ({ tenantId, id: randomUUID(), letterId, kind: 'attachment' as const, ...f })));
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'outgoing.attached', targetType: 'outgoing', targetId: letterId, data: { files: uploads.files.map((f) => ({ name: f.fileName, sha256: f.sha256 })) },
  });
  return { added: uploads.files.length };
}

/** An attachment taken off a draft (its object goes with the nightly sweep of unrecorded files). */
export async function removeAttachment(tx: TenantTx, viewer: Viewer, input: z.infer<typeof removeAttachmentInput>) {
  const tenantId = viewer.tenant.id;
  await assertEditable(tx, viewer, input.letterId);
  const [gone] = await tx.delete(outgoingFiles).where(and(eq(outgoingFiles.tenantId, tenantId), eq(outgoingFiles.letterId, input.letterId),
    eq(outgoingFiles.id, input.fileId), eq(outgoingFiles.kind, 'attachment'))).returning({ fileName: outgoingFiles.fileName });
  if (!gone) throw new AppError('not_found');
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'outgoing.detached', targetType: 'outgoing', targetId: input.letterId, data: { file: gone.fileName } });
  return { ok: true };
}

export async function currentStep(tx: TenantTx, tenantId: string, letterId: string) {
  const [step] = await tx.select().from(reviewSteps)
    .where(and(eq(reviewSteps.tenantId, tenantId), eq(reviewSteps.letterId, letterId), eq(reviewSteps.state, 'current')));
  return step ?? null;
}

export async function addComment(tx: TenantTx, viewer: Viewer, input: z.infer<typeof commentInput>) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select({ version: outgoingLetters.version }).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, input.letterId)));
  if (!letter) throw new AppError('not_found');
  const id = randomUUID();
  await tx.insert(draftComments).values({ tenantId, id, letterId: input.letterId, version: letter.version, authorId: viewer.user.id, authorName: viewer.user.fullNameTh, body: input.body });
  return { id };
}

/** Everything the letter's page shows: the current content, versions, the chain, comments, files and delivery records. */
export async function getOutgoing(tx: TenantTx, viewer: Viewer, letterId: string, version?: number) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select().from(outgoingLetters).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letterId)));
  if (!letter) throw new AppError('not_found');
  const shown = version ?? letter.version;
  const [versions, content, steps, comments, files, sent] = await Promise.all([
    tx.select({ version: outgoingVersions.version, note: outgoingVersions.note, createdByName: outgoingVersions.createdByName, createdAt: outgoingVersions.createdAt })
      .from(outgoingVersions).where(and(eq(outgoingVersions.tenantId, tenantId), eq(outgoingVersions.letterId, letterId))).orderBy(desc(outgoingVersions.version)),
    tx.select({ content: outgoingVersions.content }).from(outgoingVersions)
      .where(and(eq(outgoingVersions.tenantId, tenantId), eq(outgoingVersions.letterId, letterId), eq(outgoingVersions.version, shown))),
    tx.select().from(reviewSteps).where(and(eq(reviewSteps.tenantId, tenantId), eq(reviewSteps.letterId, letterId))).orderBy(asc(reviewSteps.round), asc(reviewSteps.position)),
    tx.select().from(draftComments).where(and(eq(draftComments.tenantId, tenantId), eq(draftComments.letterId, letterId))).orderBy(asc(draftComments.createdAt)),
    tx.select({ id: outgoingFiles.id, kind: outgoingFiles.kind, fileName: outgoingFiles.fileName, size: outgoingFiles.size, sha256: outgoingFiles.sha256 })
      .from(outgoingFiles).where(and(eq(outgoingFiles.tenantId, tenantId), eq(outgoingFiles.letterId, letterId))).orderBy(asc(outgoingFiles.createdAt)),
    tx.select().from(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.outgoingLetterId, letterId))).orderBy(asc(deliveries.recipientName)),
  ]);
  if (!content[0]) throw new AppError('not_found');
  const lastRound = steps.reduce((m, s) => Math.max(m, s.round), 0);
  const current = steps.find((s) => s.state === 'current') ?? null;
  const mine = current?.userId === viewer.user.id;
  return {
    letter, content: content[0].content, shownVersion: shown, versions, comments, files,
    steps: steps.filter((s) => s.round === lastRound), earlierSteps: steps.filter((s) => s.round < lastRound),
    deliveries: sent.map(({ letter: _letter, ...d }) => d),
    can: {
      edit: !letter.signedAt && ((letter.createdBy === viewer.user.id && (letter.state === 'draft' || letter.state === 'returned')) || (letter.state === 'in_review' && mine)),
      submit: letter.createdBy === viewer.user.id && (letter.state === 'draft' || letter.state === 'returned'),
      review: letter.state === 'in_review' && mine && current?.action === 'review',
      sign: letter.state === 'in_review' && mine && current?.action === 'sign' && viewer.permissions.has('sign'),
      revise: letter.state === 'signed' && !letter.supersededBy && (letter.createdBy === viewer.user.id || letter.signedBy === viewer.user.id),
      send: letter.state === 'signed' && !letter.supersededBy && viewer.permissions.has('send')
        && (letter.createdBy === viewer.user.id || viewer.actingUnitId === letter.unitId || viewer.actingUnitId === await rootUnit(tx, tenantId)),
    },
  };
}

/** The outgoing page: my drafts, letters waiting for my review or signature, signed ones to send, and what was sent. */
export async function listOutgoing(tx: TenantTx, viewer: Viewer) {
  const tenantId = viewer.tenant.id;
  const columns = {
    id: outgoingLetters.id, kind: outgoingLetters.kind, subject: outgoingLetters.subject, urgency: outgoingLetters.urgency,
    secrecy: outgoingLetters.secrecy, state: outgoingLetters.state, documentNumber: outgoingLetters.documentNumber,
    createdByName: outgoingLetters.createdByName, updatedAt: outgoingLetters.updatedAt, signedAt: outgoingLetters.signedAt, sentAt: outgoingLetters.sentAt,
  };
  const mine = tx.select(columns).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.createdBy, viewer.user.id), inArray(outgoingLetters.state, ['draft', 'returned', 'in_review', 'rejected'])))
    .orderBy(desc(outgoingLetters.updatedAt)).limit(200);
  const toAct = tx.select({ ...columns, action: reviewSteps.action }).from(reviewSteps)
    .innerJoin(outgoingLetters, and(eq(outgoingLetters.tenantId, reviewSteps.tenantId), eq(outgoingLetters.id, reviewSteps.letterId)))
    .where(and(eq(reviewSteps.tenantId, tenantId), eq(reviewSteps.userId, viewer.user.id), eq(reviewSteps.state, 'current')))
    .orderBy(asc(outgoingLetters.updatedAt));
  const unit = viewer.actingUnitId;
  // The central registry (the agency's own unit) sends for every unit; a unit's officers for theirs.
  const central = unit ? unit === await rootUnit(tx, tenantId) : false;
  const toSend = viewer.permissions.has('send') && unit
    ? tx.select(columns).from(outgoingLetters).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.state, 'signed'), isNull(outgoingLetters.supersededBy),
      central ? undefined : or(eq(outgoingLetters.unitId, unit), eq(outgoingLetters.createdBy, viewer.user.id)))).orderBy(asc(outgoingLetters.signedAt))
    : Promise.resolve([]);
  const sent = tx.select(columns).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.state, 'sent'),
      or(eq(outgoingLetters.createdBy, viewer.user.id), eq(outgoingLetters.sentBy, viewer.user.id), unit ? eq(outgoingLetters.unitId, unit) : undefined)))
    .orderBy(desc(outgoingLetters.sentAt)).limit(100);
  const [a, b, c, d] = await Promise.all([mine, toAct, toSend, sent]);
  return { mine: a, toAct: b, toSend: c, sent: d };
}

/** Delivery results the sender has not confirmed yet, failures first (the banner and its list). */
export async function listUnconfirmedDeliveries(tx: TenantTx, viewer: Viewer) {
  const tenantId = viewer.tenant.id;
  return tx.select({
    id: deliveries.id, outgoingLetterId: deliveries.outgoingLetterId, recipientName: deliveries.recipientName, recipientEmail: deliveries.recipientEmail,
    channel: deliveries.channel, state: deliveries.state, failedReason: deliveries.failedReason, failedAt: deliveries.failedAt,
    documentNumber: outgoingLetters.documentNumber, subject: outgoingLetters.subject,
  }).from(deliveries)
    .innerJoin(outgoingLetters, and(eq(outgoingLetters.tenantId, deliveries.tenantId), eq(outgoingLetters.id, deliveries.outgoingLetterId)))
    .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.state, 'failed'), isNull(deliveries.confirmedAt),
      or(eq(outgoingLetters.sentBy, viewer.user.id), eq(outgoingLetters.createdBy, viewer.user.id))))
    .orderBy(desc(deliveries.failedAt)).limit(200);
}
