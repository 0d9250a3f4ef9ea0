import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingFiles } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';

export const outgoingFileInput = z.object({ letterId: z.uuid(), fileId: z.uuid() });

/** One file of an outgoing letter (its signed copy or an attachment), for the download endpoint: found under RLS. */
export async function getOutgoingFile(tx: TenantTx, tenantId: string, input: z.infer<typeof outgoingFileInput>) {
  const [file] = await tx.select({
    objectKey: outgoingFiles.objectKey, fileName: outgoingFiles.fileName, contentType: outgoingFiles.contentType, size: outgoingFiles.size, sha256: outgoingFiles.sha256,
  }).from(outgoingFiles).where(and(eq(outgoingFiles.tenantId, tenantId), eq(outgoingFiles.letterId, input.letterId), eq(outgoingFiles.id, input.fileId)));
  if (!file) throw new AppError('not_found');
  return file;
}
