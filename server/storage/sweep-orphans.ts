import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { and, eq, inArray } from 'drizzle-orm';
import { letterFiles } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { bucket, s3 } from './s3';

/** Objects younger than this may belong to an upload still being recorded. */
export const ORPHAN_AGE_MS = 24 * 3600_000;

/**
 * Removes an agency's letter objects that no letter file records: what a process that
 * died between storing an upload and recording it left behind. Only objects older than
 * a day are considered. Returns the keys removed.
 */
export async function sweepOrphanedObjects(tenantId: string, now = new Date()) {
  const removed: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: `tenants/${tenantId}/letters/`, ContinuationToken: token, MaxKeys: 500 }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    const old = (page.Contents ?? []).filter((o) => o.Key && o.LastModified && now.getTime() - o.LastModified.getTime() > ORPHAN_AGE_MS).map((o) => o.Key!);
    if (old.length === 0) continue;
    const recorded = await runInTenant({ tenantId, userId: null, system: true }, (tx) => tx.select({ key: letterFiles.objectKey }).from(letterFiles)
      .where(and(eq(letterFiles.tenantId, tenantId), inArray(letterFiles.objectKey, old))));
    const known = new Set(recorded.map((r) => r.key));
    const orphans = old.filter((k) => !known.has(k));
    if (orphans.length > 0) {
      await s3().send(new DeleteObjectsCommand({ Bucket: bucket(), Delete: { Objects: orphans.map((Key) => ({ Key })) } }));
      removed.push(...orphans);
    }
  } while (token);
  return removed;
}
