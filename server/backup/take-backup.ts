import { createHmac, randomBytes } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import postgres from 'postgres';
import { appVersion, dumpDatabase, schemaVersion, serverVersion } from './database-dump';
import {
  BackupProblem, FORMAT_VERSION, hasBlob, listBackups, lockRepository, openRepository, readManifest, removeLeftovers, storeBlob, writeManifest,
  type Manifest, type ObjectEntry,
} from './repository';

export type Store = { client: S3Client; bucket: string };
export type Instance = { ownerUrl: string; store: Store; authSecret: string; zeroSetup: boolean };

/** Published audit chain heads are copied before the database: a head is then never ahead of the chain it seals. */
const FIRST_PREFIX = 'audit-heads/';
const PARALLEL = 8;

/** Tells the secret of one installation from another's without revealing it. */
export function secretCheck(authSecret: string) {
  return createHmac('sha256', authSecret).update('saraban-backup instance').digest('hex');
}

/** Every object of the bucket (key, size, ETag), page by page. */
export async function* listObjects(store: Store, prefix?: string) {
  let token: string | undefined;
  do {
    const page = await store.client.send(new ListObjectsV2Command({ Bucket: store.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) yield { key: o.Key!, size: o.Size ?? 0, etag: (o.ETag ?? '').replaceAll('"', '') };
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** Runs `work` over `items` with at most `limit` at a time; the first failure stops the rest. */
export async function eachLimited<T>(items: AsyncIterable<T> | Iterable<T>, limit: number, work: (item: T) => Promise<void>) {
  const running = new Set<Promise<void>>();
  let failure: unknown = null;
  for await (const item of items) {
    if (failure) break;
    const p: Promise<void> = work(item).catch((error) => { failure ??= error; }).finally(() => running.delete(p));
    running.add(p);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure;
}

function storeFailure(key: string, error: unknown) {
  if (error instanceof BackupProblem) return error;
  const message = error instanceof Error ? error.message : String(error);
  if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return error;
  return new BackupProblem(`The object store failed while copying ${key}: ${message}`);
}

function diskFailure(dir: string, error: unknown) {
  if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return new BackupProblem(`The disk holding ${dir} is full; this backup did not finish and nothing of it counts as a backup.`);
  return error;
}

export type BackupResult = {
  id: string; objects: number; bytes: number; copiedObjects: number; copiedBytes: number; storedBytes: number; seconds: number;
  /** Where the time went: opening the folder (the key), the database dump, listing and copying the objects, the manifest. */
  stages: Record<'open' | 'database' | 'objects' | 'manifest', number>;
};

/**
 * One backup of the whole platform into `dir` while it serves: the database (pg_dump) and every object
 * of the bucket, each encrypted; an object unchanged since the last backup (same key, size and ETag)
 * is not read again. The manifest is written last.
 */
export async function takeBackup(instance: Instance, dir: string, passphrase: string | undefined, onObject?: (copied: number) => unknown): Promise<BackupResult> {
  const started = Date.now();
  const repo = await openRepository(dir, passphrase, { create: true });
  const stages = { open: 0, database: 0, objects: 0, manifest: 0 };
  let mark = Date.now();
  const stage = (name: keyof typeof stages) => {
    stages[name] += (Date.now() - mark) / 1000;
    mark = Date.now();
  };
  const unlock = lockRepository(repo);
  const owner = postgres(instance.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    removeLeftovers(repo);
    const previous = listBackups(repo).complete.at(-1);
    const known = new Map<string, ObjectEntry>();
    if (previous) {
      for (const entry of (await readManifest(repo, previous)).objects) {
        if (entry.etag && hasBlob(repo, entry.blob)) known.set(`${entry.key}\n${entry.size}\n${entry.etag}`, entry);
      }
    }
    const server = await serverVersion(owner);
    stage('open');
    const id = `${new Date(started).toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    const objects: ObjectEntry[] = [];
    let copiedObjects = 0;
    let copiedBytes = 0;
    let storedBytes = 0;

    const copy = async (object: { key: string; size: number; etag: string }) => {
      const same = known.get(`${object.key}\n${object.size}\n${object.etag}`);
      if (same) {
        objects.push(same);
        return;
      }
      let stored;
      let contentType: string | undefined;
      try {
        const response = await instance.store.client.send(new GetObjectCommand({ Bucket: instance.store.bucket, Key: object.key }));
        contentType = response.ContentType;
        stored = await storeBlob(repo, response.Body as Readable);
      } catch (error) {
        throw diskFailure(dir, storeFailure(object.key, error));
      }
      objects.push({ key: object.key, size: stored.size, etag: object.etag, sha256: stored.sha256, blob: stored.blob, contentType });
      copiedObjects += 1;
      copiedBytes += stored.size;
      await onObject?.(copiedObjects);
      storedBytes += stored.written;
    };
    const listing = (prefix?: string) => wrapListing(listObjects(instance.store, prefix));

    await eachLimited(listing(FIRST_PREFIX), PARALLEL, copy);
    stage('objects');
    // The database's snapshot is taken now and held while pg_dump reads it; the objects are copied at the
    // same time: files are written before the rows that name them and never changed, so every file the
    // snapshot names is already in the store.
    const holder = await owner.reserve();
    let database;
    try {
      await holder`begin isolation level repeatable read read only`;
      const [{ snapshot } = { snapshot: '' }] = await holder<Array<{ snapshot: string }>>`select pg_export_snapshot() as snapshot`;
      const [dumped, copied] = await Promise.allSettled([
        storeBlob(repo, dumpDatabase(instance.ownerUrl, server.major, snapshot)).finally(() => stage('database')),
        eachLimited(filterOut(listing(), FIRST_PREFIX), PARALLEL, copy),
      ]);
      if (dumped.status === 'rejected') throw diskFailure(dir, dumped.reason);
      if (copied.status === 'rejected') throw copied.reason;
      database = dumped.value;
    } finally {
      await holder`rollback`.catch(() => {});
      holder.release();
    }
    storedBytes += database.written;
    stage('objects');

    objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const manifest: Manifest = {
      format: 'saraban-backup', formatVersion: FORMAT_VERSION, id,
      startedAt: new Date(started).toISOString(), finishedAt: new Date().toISOString(),
      app: { version: appVersion(), schema: schemaVersion() },
      database: { server: server.version, major: server.major, blob: database.blob, size: database.size, sha256: database.sha256 },
      bucket: instance.store.bucket,
      objects,
      // A zero-setup installation's generated secret travels (encrypted) with its backup: sealed mailbox
      // passwords and signing keys open only with it. An operator-set AUTH_SECRET is the operator's to keep.
      instance: { secretCheck: secretCheck(instance.authSecret), ...(instance.zeroSetup ? { authSecret: instance.authSecret } : {}) },
      totals: {
        objects: objects.length, bytes: database.size + objects.reduce((n, o) => n + o.size, 0), copiedObjects, copiedBytes, storedBytes,
      },
    };
    try {
      await writeManifest(repo, manifest);
    } catch (error) {
      throw diskFailure(dir, error);
    }
    stage('manifest');
    return { id, ...manifest.totals, seconds: (Date.now() - started) / 1000, stages };
  } catch (error) {
    removeLeftovers(repo);
    throw error;
  } finally {
    unlock();
    await owner.end({ timeout: 5 });
  }
}

async function* wrapListing<T>(source: AsyncIterable<T>) {
  try {
    yield* source;
  } catch (error) {
    throw storeFailure('the list of objects', error);
  }
}

async function* filterOut<T extends { key: string }>(source: AsyncIterable<T>, prefix: string) {
  for await (const item of source) if (!item.key.startsWith(prefix)) yield item;
}
