import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import postgres from 'postgres';
import { ensureAppRoles, migrateDatabase } from '@/db/migrate';
import { restoreDatabase, schemaVersion, serverVersion } from './database-dump';
import { BackupProblem, openRepository, pickBackup, readBlob, type Manifest } from './repository';
import { eachLimited, secretCheck, type Instance } from './take-backup';

/**
 * Whether a backup can be restored by this version: it must know every migration the backup's
 * database has had (an older backup is migrated forward after the restore).
 */
export function schemaProblem(manifest: Manifest, known: string[] = schemaVersion()) {
  const unknown = manifest.app.schema.find((tag, i) => known[i] !== tag);
  if (!unknown) return null;
  return `Backup ${manifest.id} was made by another version of Saraban (${manifest.app.version}): its database has migration ${unknown}, which this version does not have. Restore it with the version that made it.`;
}

/** The backup's own secret, for a new zero-setup installation to be created with (null when the operator keeps it). */
export async function backedUpSecret(dir: string, passphrase: string | undefined, id?: string) {
  const manifest = await pickBackup(await openRepository(dir, passphrase), id);
  return manifest.instance.authSecret ?? null;
}

/** How many tables, sequences and views the database has beyond PostgreSQL's own: 0 for an empty one. */
export async function relationsIn(owner: postgres.Sql) {
  const [{ tables } = { tables: 0 }] = await owner<Array<{ tables: number }>>`
    select count(*)::int as tables from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'S') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`;
  return tables;
}

async function targetProblems(owner: postgres.Sql, instance: Instance) {
  const problems: string[] = [];
  const tables = await relationsIn(owner);
  if (tables > 0) problems.push(`its database already has ${tables} table(s), sequence(s) or view(s)`);
  const page = await instance.store.client.send(new ListObjectsV2Command({ Bucket: instance.store.bucket, MaxKeys: 1 }));
  if ((page.KeyCount ?? 0) > 0) problems.push(`its bucket ${instance.store.bucket} already holds objects`);
  return problems;
}

export type RestoreResult = { manifest: Manifest; objects: number; bytes: number; seconds: number };

/**
 * Brings a backup into an empty installation: first every object (each checked as it streams; the end of
 * an object is sent only once it is proven), then the database in one transaction, then the migrations
 * this version has beyond the backup's. If anything fails, the objects already put back are removed
 * and the database transaction never commits: the installation is left empty, as it was.
 */
export async function restoreBackup(instance: Instance, dir: string, passphrase: string | undefined, id?: string, onObject?: (restored: number) => void): Promise<RestoreResult> {
  const started = Date.now();
  const repo = await openRepository(dir, passphrase);
  const manifest = await pickBackup(repo, id);
  const incompatible = schemaProblem(manifest);
  if (incompatible) throw new BackupProblem(incompatible);
  const owner = postgres(instance.ownerUrl, { max: 1, onnotice: () => {} });
  const restored: string[] = [];
  try {
    const server = await serverVersion(owner);
    if (server.major < manifest.database.major) {
      throw new BackupProblem(`Backup ${manifest.id} is of PostgreSQL ${manifest.database.major}; this server is PostgreSQL ${server.major}. Restore onto PostgreSQL ${manifest.database.major} or later.`);
    }
    if (manifest.instance.secretCheck !== secretCheck(instance.authSecret)) {
      throw new BackupProblem('The server secret (AUTH_SECRET) is not the backed-up installation\'s: sealed mailbox passwords and signing keys open only with it. Set AUTH_SECRET to that installation\'s secret.');
    }
    const problems = await targetProblems(owner, instance);
    if (problems.length > 0) throw new BackupProblem(`The target is not empty: ${problems.join('; ')}. Restore only into an empty installation.`);

    let bytes = 0;
    await eachLimited(manifest.objects, 8, async (object) => {
      const body = readBlob(repo, object, `object ${object.key}`);
      try {
        await new Upload({
          client: instance.store.client,
          params: { Bucket: instance.store.bucket, Key: object.key, Body: body, ContentType: object.contentType },
          queueSize: 1, partSize: 16 * 1024 * 1024,
        }).done();
      } catch (error) {
        throw error instanceof Error && error.name === 'BackupDamaged' ? error : new BackupProblem(`The object store failed while restoring ${object.key}: ${error instanceof Error ? error.message : String(error)}`);
      }
      restored.push(object.key);
      bytes += object.size;
      onObject?.(restored.length);
    });

    // The app's roles hold rights in the dump: they must exist before it is restored.
    await ensureAppRoles(owner);
    await restoreDatabase(instance.ownerUrl, server.major, readBlob(repo, manifest.database, 'the database dump'));
    bytes += manifest.database.size;
    await migrateDatabase(instance.ownerUrl);
    return { manifest, objects: restored.length, bytes, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    const left = await removeObjects(instance, restored).then(() => '', (cleanup) =>
      ` The ${restored.length} object(s) put back before the failure could not be removed (${cleanup instanceof Error ? cleanup.message : cleanup}): empty the bucket before trying again.`);
    if (error instanceof Error && error.name === 'BackupDamaged') throw new BackupProblem(`The backup is damaged: ${error.message}. Nothing was restored.${left}`);
    if (error instanceof BackupProblem && left) throw new BackupProblem(`${error.message}${left}`);
    throw error;
  } finally {
    await owner.end({ timeout: 5 });
  }
}

async function removeObjects(instance: Instance, keys: string[]) {
  for (let i = 0; i < keys.length; i += 1000) {
    await instance.store.client.send(new DeleteObjectsCommand({
      Bucket: instance.store.bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true },
    }));
  }
}
