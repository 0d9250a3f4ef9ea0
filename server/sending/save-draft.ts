import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingLetters, outgoingVersions } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { draftContent } from '@/core/draft-content';

import { assertSealedNotes, isClassified, noteField } from '@/server/classified/letter-keys';
import { contentKeyField, openVersion, sealedContentOf, sealedVersion } from '@/server/classified/sealed-drafts';
import { checkReplyTo, assertEditable } from './drafts';

export const saveDraftInput = z.object({
  letterId: z.uuid(),
  /** The version the editor started from: a save over someone else's newer version is refused. */
  baseVersion: z.number().int().min(1),
  content: draftContent,
  note: noteField(500).default(''),
  /** A classified draft's content key, handed over for this save only. */
  contentKey: contentKeyField.optional(),
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
  // A letter is drafted classified or not from its start: what was written in the clear is not sealed after, nor a sealed one opened.
  if (isClassified(letter.secrecy) !== isClassified(c.secrecy)) throw new AppError('classified_secrecy_change_refused');
  assertSealedNotes(isClassified(c.secrecy), [input.note]);
  let stored: { content: typeof c; sealedContent: string | null } = { content: c, sealedContent: null };
  if (isClassified(c.secrecy)) {
    if (!input.contentKey) throw new AppError('classified_sealed_required');
    const current = await sealedContentOf(tx, tenantId, letter.id, letter.version);
    if (!current) throw new AppError('classified_sealed_required');
    await openVersion(input.contentKey, letter.id, letter.version, current);
    stored = await sealedVersion(input.contentKey, letter.id, version, c);
  }
  await tx.insert(outgoingVersions).values({
    tenantId, letterId: letter.id, version, ...stored, note: input.note, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh,
  });
  await tx.update(outgoingLetters).set({
    version, subject: stored.content.subject, urgency: c.urgency, secrecy: c.secrecy, circular: c.circular, replyToLetterId: c.replyToLetterId,
    updatedAt: sql`now()`, ...(letter.state === 'returned' ? { state: 'draft' as const } : {}),
  }).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'outgoing.revised', targetType: 'outgoing', targetId: letter.id, data: { version, note: input.note } });
  return { version };
}
