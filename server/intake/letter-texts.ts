import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { letterFiles, letterTexts } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';

export const correctTextInput = z.object({ fileId: z.uuid(), text: z.string().max(200_000) });

/** The current text of each file of a letter (the newest reading or correction), for the letter page and search. */
export async function listLetterTexts(tx: TenantTx, tenantId: string, letterId: string) {
  const rows = await tx.selectDistinctOn([letterTexts.fileId], {
    fileId: letterTexts.fileId, source: letterTexts.source, text: letterTexts.text, createdAt: letterTexts.createdAt,
    createdByName: letterTexts.createdByName,
  }).from(letterTexts)
    .where(and(eq(letterTexts.tenantId, tenantId), eq(letterTexts.letterId, letterId)))
    .orderBy(letterTexts.fileId, desc(letterTexts.createdAt));
  return rows;
}

/** An officer's correction of a file's OCR text: recorded beside the reading, never over it. */
export async function correctLetterText(tx: TenantTx, viewer: Viewer, input: z.infer<typeof correctTextInput>) {
  const tenantId = viewer.tenant.id;
  // Row-level security: the file is found only if its letter is visible to this person.
  const [file] = await tx.select({ letterId: letterFiles.letterId }).from(letterFiles)
    .where(and(eq(letterFiles.tenantId, tenantId), eq(letterFiles.id, input.fileId)));
  if (!file) throw new AppError('not_found');
  await tx.insert(letterTexts).values({
    tenantId, id: randomUUID(), letterId: file.letterId, fileId: input.fileId, source: 'corrected', text: input.text.trim(),
    createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh,
  });
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'letter.text_corrected', targetType: 'letter', targetId: file.letterId, data: { fileId: input.fileId },
  });
  return { ok: true };
}
