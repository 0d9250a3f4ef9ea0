import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingFiles } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { previewLetterPages } from '@/server/documents/layout-pool';
import { AppError } from '@/core/errors';
import { draftContent, type DraftContent } from '@/core/draft-content';
import { letterKinds, type LetterKind } from '@/core/letters';
import { todayInBangkok } from '@/server/shared/letter-date';
import { readObject } from '@/server/storage/s3';
import { letterDocument } from './letter-document';

const PAGES = { dpi: 90, maxPages: 10 };

export const previewInput = z.object({ kind: z.enum(letterKinds), content: draftContent });
export const signedPagesInput = z.object({ letterId: z.uuid() });

/**
 * The live preview: the draft as it will print (without number or signature), page by page
 * as PNG, laid out on a layout thread. Called without a database connection held.
 */
export function previewDraftPages(viewer: Viewer, input: { kind: LetterKind; content: DraftContent }) {
  const doc = letterDocument(input.kind, input.content, viewer.tenant, { date: todayInBangkok() });
  return previewLetterPages(viewer.user.id, { doc }, PAGES);
}

/** The signed letter's pages, exactly as signed: found in a short transaction (RLS decides), drawn on a layout thread. */
export async function signedLetterPages(viewer: Viewer, letterId: string) {
  const tenantId = viewer.tenant.id;
  const file = await runInTenant({ tenantId, userId: viewer.user.id }, async (tx) => (await tx.select({ objectKey: outgoingFiles.objectKey, sealed: outgoingFiles.sealed }).from(outgoingFiles)
    .where(and(eq(outgoingFiles.tenantId, tenantId), eq(outgoingFiles.letterId, letterId), eq(outgoingFiles.kind, 'signed'))))[0]);
  if (!file) throw new AppError('not_found');
  // A classified signed letter is opened in its reader's browser, never drawn here.
  if (file.sealed) throw new AppError('classified_sealed_required');
  const objectKey = file.objectKey;
  return previewLetterPages(viewer.user.id, { pdf: new Uint8Array(await readObject(objectKey)) }, PAGES);
}
