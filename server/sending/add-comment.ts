import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { draftComments, outgoingLetters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { assertSealedNotes, isClassified, noteField } from '@/server/classified/letter-keys';

export const commentInput = z.object({ letterId: z.uuid(), body: noteField(4000).pipe(z.string().min(1)) });

/** A comment on the draft's current version, by someone who can see it (RLS: its author, reviewers and signer). */
export async function addComment(tx: TenantTx, viewer: Viewer, input: z.infer<typeof commentInput>) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select({ version: outgoingLetters.version, secrecy: outgoingLetters.secrecy }).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, input.letterId)));
  if (!letter) throw new AppError('not_found');
  // On a classified draft a comment comes sealed from the writer's browser.
  assertSealedNotes(isClassified(letter.secrecy), [input.body]);
  const id = randomUUID();
  await tx.insert(draftComments).values({ tenantId, id, letterId: input.letterId, version: letter.version, authorId: viewer.user.id, authorName: viewer.user.fullNameTh, body: input.body });
  return { id };
}
