import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { letterFiles } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

export const letterIdInput = z.object({ letterId: z.uuid() });

/** A letter's files; row-level security shows them only to those who may see the letter. */
export async function listLetterFiles(tx: TenantTx, tenantId: string, letterId: string) {
  return tx.select({
    id: letterFiles.id, kind: letterFiles.kind, fileName: letterFiles.fileName, contentType: letterFiles.contentType,
    size: letterFiles.size, sha256: letterFiles.sha256, objectKey: letterFiles.objectKey, sealed: letterFiles.sealed,
  }).from(letterFiles)
    .where(and(eq(letterFiles.tenantId, tenantId), eq(letterFiles.letterId, letterId)))
    .orderBy(asc(letterFiles.createdAt));
}
