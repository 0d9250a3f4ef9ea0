import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { sql } from 'drizzle-orm';
import { appPool } from '@/db/client';
import { bucket, s3 } from '@/server/storage/s3';

type Part = 'up' | 'down';

function withTimeout<T>(promise: Promise<T>, ms: number) {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

async function probe(fn: () => Promise<unknown>): Promise<Part> {
  try {
    await withTimeout(fn(), 3000);
    return 'up';
  } catch {
    return 'down';
  }
}

/** Database and object storage, each answered within 3 s or counted down. */
export async function checkHealth() {
  const [database, storage] = await Promise.all([
    probe(() => appPool().db.execute(sql`select 1`)),
    probe(() => s3().send(new HeadBucketCommand({ Bucket: bucket() }))),
  ]);
  return { ok: database === 'up' && storage === 'up', database, storage };
}
