import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { and, eq, inArray } from 'drizzle-orm';
import { letterFiles, outgoingFiles } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { bucket, s3 } from './s3';

/** Objects younger than this may belong to an upload still being recorded. */
export const ORPHAN_AGE_MS = 24 * 3600_000;

/**
 * Removes an agency's objects that no file row records: what a process that died between
 * storing an upload and recording it left behind, and attachments taken off a draft.
 * Incoming letters' files and outgoing letters' attachments; only objects older than a
 * day are considered. Returns the keys removed.
 */
export async function sweepOrphanedObjects(tenantId: string, now = new Date()) {
  return [
    ...await sweepPrefix(tenantId, `tenants/${tenantId}/letters/`, letterFiles, now),
    ...await sweepPrefix(tenantId, `tenants/${tenantId}/outgoing/`, outgoingFiles, now),
  ];
}

async function sweepPrefix(tenantId: string, prefix: string, files: typeof letterFiles | typeof outgoingFiles, now: Date) {
  const removed: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: prefix, ContinuationToken: token, MaxKeys: 500 }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    const old = (page.Contents ?? []).filter((o) => o.Key && o.LastModified && now.getTime() - o.LastModified.getTime() > ORPHAN_AGE_MS).map((o) => o.Key!);
    if (old.length === 0) continue;
    const recorded = await runInTenant({ tenantId, userId: null, system: true }, (tx) => tx.select({ key: files.objectKey }).from(files)
      .where(and(eq(files.tenantId, tenantId), inArray(files.objectKey, old))));
    const known = new Set(recorded.map((r) => r.key));
    const orphans = old.filter((k) => !known.has(k));
    if (orphans.length > 0) {
      await s3().send(new DeleteObjectsCommand({ Bucket: bucket(), Delete: { Objects: orphans.map((Key) => ({ Key })) } }));
      removed.push(...orphans);
    }
  } while (token);
  return removed;
}
