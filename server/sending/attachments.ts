import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingFiles } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { MAX_FILES_PER_LETTER, type StoredFile } from '@/server/storage/store-upload';

import { assertSealedNotes, isClassified, noteField } from '@/server/classified/letter-keys';
import { isUniqueViolation } from '@/server/shared/db-errors';
import { assertEditable } from './drafts';

export const addAttachmentsInput = z.object({
  letterId: z.uuid(),
  /** A classified draft's attachments: each file's name sealed in the browser with the letter's key, by the id its ciphertext is bound to. */
  names: z.record(z.uuid(), noteField(255)).optional(),
});
export const removeAttachmentInput = z.object({ letterId: z.uuid(), fileId: z.uuid() });

/**
 * Files stored by the upload endpoint become the draft's attachments (สิ่งที่ส่งมาด้วย). A
 * classified draft's come sealed from the browser (each bound to the letter and its own id, its
 * name sealed too) and are kept as they came, never read.
 */
export async function addAttachments(tx: TenantTx, viewer: Viewer, input: z.infer<typeof addAttachmentsInput>, uploads: { letterId: string; files: StoredFile[] } | null) {
  const { letterId } = input;
  if (!uploads || uploads.letterId !== letterId || uploads.files.length === 0) throw new AppError('invalid_input');
  const tenantId = viewer.tenant.id;
  const letter = await assertEditable(tx, viewer, letterId);
  const classified = isClassified(letter.secrecy);
  if (uploads.files.some((f) => Boolean(f.sealedFileId) !== classified)) throw new AppError(classified ? 'classified_sealed_required' : 'invalid_input');
  const names = input.names ?? {};
  if (classified) assertSealedNotes(true, uploads.files.map((f) => names[f.sealedFileId!] ?? 'missing'));
  const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(outgoingFiles)
    .where(and(eq(outgoingFiles.tenantId, tenantId), eq(outgoingFiles.letterId, letterId), eq(outgoingFiles.kind, 'attachment'))) as [{ count: number }];
  if (count + uploads.files.length > MAX_FILES_PER_LETTER) throw new AppError('too_many_files');
  try {
    await tx.insert(outgoingFiles).values(uploads.files.map(({ sealedFileId, ...f }) => ({
      tenantId, id: sealedFileId ?? randomUUID(), letterId, kind: 'attachment' as const, ...f,
      ...(sealedFileId ? { sealed: true, fileName: names[sealedFileId]! } : {}),
    })));
  } catch (error) {
    if (isUniqueViolation(error, 'outgoing_files_tenant_id_id_pk')) throw new AppError('invalid_input');
    throw error;
  }
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'outgoing.attached', targetType: 'outgoing', targetId: letterId,
    data: { files: uploads.files.map((f) => ({ name: f.sealedFileId ? null : f.fileName, sha256: f.sha256 })) },
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
