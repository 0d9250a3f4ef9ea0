import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingLetters, outgoingVersions } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { draftContent } from '@/core/draft-content';

import { checkReplyTo, assertEditable } from './drafts';

export const saveDraftInput = z.object({
  letterId: z.uuid(),
  /** The version the editor started from: a save over someone else's newer version is refused. */
  baseVersion: z.number().int().min(1),
  content: draftContent,
  note: z.string().trim().max(500).default(''),
});

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
