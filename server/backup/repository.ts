import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BackupDamaged, blobName, decryptStream, deriveBackupKey, encryptStream, keyCheck, keyMatches } from './backup-crypto';
import { processAlive } from '@/server/runtime/process-alive';

/**
 * A backup folder (a repository) holds any number of backups (snapshots) sharing their files:
 *
 *   repository.json            format, the key's salt and check value (never the key)
 *   objects/ab/<name>          one encrypted file per distinct content (the database dump, every object)
 *   snapshots/<id>.manifest    one encrypted manifest per complete backup, written last
 *
 * A backup is complete only once its manifest is there: a run that stops half-way leaves files
 * no manifest names (removed by the next run) and nothing that lists as a backup.
 */
export type ObjectEntry = { key: string; size: number; etag: string; sha256: string; blob: string; contentType?: string };
export type Manifest = {
  format: 'saraban-backup';
  formatVersion: number;
  id: string;
  startedAt: string;
  finishedAt: string;
  app: { version: string; schema: string[] };
  database: { server: string; major: number; blob: string; size: number; sha256: string };
  bucket: string;
  objects: ObjectEntry[];
  instance: { secretCheck: string; authSecret?: string };
  totals: { objects: number; bytes: number; copiedObjects: number; copiedBytes: number; storedBytes: number };
};

export const FORMAT_VERSION = 1;

/** A problem the operator must hear about in plain words (the command prints the message and exits 1). */
export class BackupProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupProblem';
  }
}

export type Repository = { dir: string; key: Buffer };

type RepositoryFile = { format: 'saraban-backup-repository'; version: number; salt: string; check: string; createdAt: string };

export async function openRepository(dir: string, passphrase: string | undefined, options: { create?: boolean } = {}): Promise<Repository> {
  if (!passphrase) throw new BackupProblem('No backup key: set BACKUP_KEY (or type it when asked). The key is never kept beside the backup.');
  const file = path.join(dir, 'repository.json');
  if (!existsSync(file)) {
    if (!options.create) throw new BackupProblem(`${dir} holds no Saraban backup (repository.json is missing).`);
    if (passphrase.length < 12) throw new BackupProblem('The backup key must be at least 12 characters long.');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const salt = randomBytes(16);
    const key = await deriveBackupKey(passphrase, salt);
    const info: RepositoryFile = { format: 'saraban-backup-repository', version: 1, salt: salt.toString('base64'), check: keyCheck(key), createdAt: new Date().toISOString() };
    writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    return { dir, key };
  }
  let info: RepositoryFile;
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as RepositoryFile;
  } catch {
    throw new BackupProblem(`${file} is damaged (not JSON).`);
  }
  if (info.format !== 'saraban-backup-repository') throw new BackupProblem(`${dir} is not a Saraban backup folder.`);
  if (info.version !== 1) throw new BackupProblem(`${dir} was written by another version of Saraban (backup folder format ${info.version}; this version reads format 1).`);
  const key = await deriveBackupKey(passphrase, Buffer.from(info.salt, 'base64'));
  if (!keyMatches(key, info.check)) throw new BackupProblem(`Wrong backup key: it does not open the backups in ${dir}.`);
  return { dir, key };
}

export function blobPath(repo: Repository, blob: string) {
  return path.join(repo.dir, 'objects', blob.slice(0, 2), blob);
}

const tmpDir = (repo: Repository) => path.join(repo.dir, 'tmp');

/** Complete backups, oldest first, and the leftovers of runs that did not finish. */
export function listBackups(repo: Repository) {
  const dir = path.join(repo.dir, 'snapshots');
  const complete = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.manifest')).map((f) => f.slice(0, -'.manifest'.length)).sort() : [];
  const unfinished = existsSync(tmpDir(repo)) ? readdirSync(tmpDir(repo)).length : 0;
  return { complete, unfinished };
}

/**
 * A manifest is encrypted JSON Lines: the backup's facts on the first line, then one object per line (a
 * platform's millions of files never make one string, which JavaScript could not hold).
 */
export async function readManifest(repo: Repository, id: string, options: { factsOnly?: boolean } = {}): Promise<Manifest> {
  const file = path.join(repo.dir, 'snapshots', `${id}.manifest`);
  if (!existsSync(file)) throw new BackupProblem(`There is no complete backup ${id} in ${repo.dir}.`);
  let manifest: Manifest | undefined;
  try {
    const lines = createInterface({ input: createReadStream(file).pipe(decryptStream(repo.key)), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      if (!manifest) manifest = { ...(JSON.parse(line) as Omit<Manifest, 'objects'>), objects: [] };
      else manifest.objects.push(JSON.parse(line) as ObjectEntry);
      if (options.factsOnly) break;
    }
    if (!manifest) throw new BackupDamaged('it is empty');
  } catch (error) {
    throw new BackupProblem(`The manifest of backup ${id} is damaged: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (manifest.format !== 'saraban-backup') throw new BackupProblem(`Backup ${id} is not a Saraban backup.`);
  if (manifest.formatVersion !== FORMAT_VERSION) {
    throw new BackupProblem(`Backup ${id} was written by another version of Saraban (backup format ${manifest.formatVersion}; this version reads format ${FORMAT_VERSION}).`);
  }
  if (!options.factsOnly && manifest.objects.length !== manifest.totals.objects) throw new BackupProblem(`The manifest of backup ${id} is damaged: it names ${manifest.objects.length} objects, not ${manifest.totals.objects}.`);
  return manifest;
}

/** The backup to read: the one named, else the newest complete one. */
export async function pickBackup(repo: Repository, id?: string) {
  const { complete, unfinished } = listBackups(repo);
  if (id) return readManifest(repo, id);
  const newest = complete.at(-1);
  if (!newest) throw new BackupProblem(`${repo.dir} holds no complete backup${unfinished > 0 ? ' (only the leftovers of a backup that did not finish)' : ''}.`);
  return readManifest(repo, newest);
}

/** Writes the manifest last, after everything it names is on disk: only now does the backup exist. */
export async function writeManifest(repo: Repository, manifest: Manifest) {
  const dir = path.join(repo.dir, 'snapshots');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  mkdirSync(tmpDir(repo), { recursive: true, mode: 0o700 });
  const tmp = path.join(tmpDir(repo), `${manifest.id}.manifest`);
  const { objects, ...facts } = manifest;
  function* lines() {
    yield `${JSON.stringify(facts)}\n`;
    for (const object of objects) yield `${JSON.stringify(object)}\n`;
  }
  await pipeline(Readable.from(lines()), encryptStream(repo.key), createWriteStream(tmp, { mode: 0o600 }));
  syncFolder(repo.dir);
  renameSync(tmp, path.join(dir, `${manifest.id}.manifest`));
  syncFolder(repo.dir);
}

/** Flushes the file system holding the folder (coreutils `sync -f`): the files are on disk before the manifest names them. */
function syncFolder(dir: string) {
  spawnSync('sync', ['-f', dir], { stdio: 'ignore' });
}

/** Removes what a run that did not finish left (no other backup may be running: see lockRepository). */
export function removeLeftovers(repo: Repository) {
  rmSync(tmpDir(repo), { recursive: true, force: true });
}

/** One backup at a time per folder; a lock whose process is gone is taken over. */
export function lockRepository(repo: Repository) {
  const file = path.join(repo.dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) throw new BackupProblem(`Another backup (process ${holder}) is writing to ${repo.dir}; wait for it to finish.`);
      unlinkSync(file);
    }
  }
  throw new BackupProblem(`Could not lock ${repo.dir}.`);
}

/**
 * Encrypts a stream into the repository under the name of its content, returning its SHA-256 and
 * size; a content already there is not written twice.
 */
export async function storeBlob(repo: Repository, source: Readable): Promise<{ sha256: string; size: number; blob: string; written: number }> {
  mkdirSync(tmpDir(repo), { recursive: true, mode: 0o700 });
  const tmp = path.join(tmpDir(repo), randomBytes(12).toString('hex'));
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _e, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, measure, encryptStream(repo.key), createWriteStream(tmp, { mode: 0o600 }));
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  const sha256 = hash.digest('hex');
  const blob = blobName(repo.key, sha256);
  const target = blobPath(repo, blob);
  if (existsSync(target)) {
    unlinkSync(tmp);
    return { sha256, size, blob, written: 0 };
  }
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const written = statSync(tmp).size;
  renameSync(tmp, target);
  return { sha256, size, blob, written };
}

export function hasBlob(repo: Repository, blob: string) {
  return existsSync(blobPath(repo, blob));
}

/**
 * A stored file, decrypted, checked as it is read; the last bytes are held back until its size and
 * SHA-256 are proven, so a reader (pg_restore, an upload) never sees the end of a file that is wrong.
 */
export function readBlob(repo: Repository, entry: { blob: string; sha256: string; size: number }, label: string): Readable {
  const file = blobPath(repo, entry.blob);
  const hash = createHash('sha256');
  let size = 0;
  let held: Buffer = Buffer.alloc(0);
  const HOLD = 64 * 1024;
  const check = new Transform({
    transform(chunk: Buffer, _e, done) {
      hash.update(chunk);
      size += chunk.length;
      const all = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
      if (all.length > HOLD) {
        this.push(all.subarray(0, all.length - HOLD));
        held = all.subarray(all.length - HOLD);
      } else {
        held = all;
      }
      done();
    },
    flush(done) {
      if (size !== entry.size) return done(new BackupDamaged(`${label}: ${size} bytes, the manifest says ${entry.size}`));
      if (hash.digest('hex') !== entry.sha256) return done(new BackupDamaged(`${label}: its SHA-256 is not the manifest's`));
      this.push(held);
      done();
    },
  });
  const labelled = (error: Error) => (error instanceof BackupDamaged && !error.message.startsWith(label) ? new BackupDamaged(`${label}: ${error.message}`) : error);
  if (!existsSync(file)) {
    const missing = new Transform();
    process.nextTick(() => missing.destroy(new BackupDamaged(`${label}: its file ${path.relative(repo.dir, file)} is missing`)));
    return missing;
  }
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const decrypt = decryptStream(repo.key);
  input.on('error', (error) => check.destroy(error));
  decrypt.on('error', (error) => check.destroy(labelled(error)));
  return input.pipe(decrypt).pipe(check);
}

/**
 * Removes the backups a keep policy lets go (`keep` decides from each backup's time), then every stored
 * file no remaining backup names. Returns how many backups were removed.
 */
export async function pruneBackups(repo: Repository, keep: (backups: Array<{ id: string; at: Date }>) => Set<string>) {
  const unlock = lockRepository(repo);
  try {
    const manifests = [];
    for (const id of listBackups(repo).complete) manifests.push(await readManifest(repo, id));
    const kept = keep(manifests.map((m) => ({ id: m.id, at: new Date(m.startedAt) })));
    const named = new Set<string>();
    let removed = 0;
    for (const m of manifests) {
      if (kept.has(m.id)) {
        named.add(m.database.blob);
        for (const o of m.objects) named.add(o.blob);
        continue;
      }
      unlinkSync(path.join(repo.dir, 'snapshots', `${m.id}.manifest`));
      removed += 1;
    }
    if (removed === 0) return 0;
    const objects = path.join(repo.dir, 'objects');
    for (const prefix of existsSync(objects) ? readdirSync(objects) : []) {
      for (const blob of readdirSync(path.join(objects, prefix))) if (!named.has(blob)) unlinkSync(path.join(objects, prefix, blob));
    }
    return removed;
  } finally {
    unlock();
  }
}
