import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Transform, type Readable } from 'node:stream';
import postgres from 'postgres';
import { BackupProblem } from './repository';

/** The migrations this version of Saraban has applied, in order (the database's schema version). */
export function schemaVersion(): string[] {
  const journal = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations/meta/_journal.json');
  return (JSON.parse(readFileSync(journal, 'utf8')) as { entries: Array<{ tag: string }> }).entries.map((e) => e.tag);
}

export function appVersion(): string {
  const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../package.json');
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

export async function serverVersion(owner: postgres.Sql) {
  const [row] = await owner<Array<{ version: string; num: string }>>`select current_setting('server_version') as version, current_setting('server_version_num') as num`;
  return { version: row!.version, major: Math.floor(Number(row!.num) / 10000) };
}

/** pg_dump / pg_restore of the server's own major version (Debian's postgresql-client-N, or the one on PATH). */
function clientTool(tool: 'pg_dump' | 'pg_restore', major: number) {
  const candidates = [`/usr/lib/postgresql/${major}/bin/${tool}`, tool];
  for (const bin of candidates) {
    if (bin.includes('/') && !existsSync(bin)) continue;
    const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const found = Number(/(\d+)(\.\d+)?/.exec(probe.stdout)?.[1]);
    if (found === major) return bin;
    if (bin === tool) throw new BackupProblem(`${tool} is version ${found}, the database server is PostgreSQL ${major}: install postgresql-client-${major} (apt-get install postgresql-client-${major}).`);
  }
  throw new BackupProblem(`${tool} is not installed: install postgresql-client-${major} (apt-get install postgresql-client-${major}).`);
}

/**
 * The connection for a PostgreSQL tool: the password in a password file of this run (mode 600, removed when
 * the tool exits), never on the command line, where any user of the machine could read it.
 */
function connection(ownerUrl: string) {
  const url = new URL(ownerUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-pg-'));
  const passfile = path.join(dir, 'pgpass');
  const field = (v: string) => v.replace(/[\\:]/g, (c) => `\\${c}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  writeFileSync(passfile, `${field(host)}:${url.port || '5432'}:*:${field(decodeURIComponent(url.username))}:${field(password)}\n`, { mode: 0o600 });
  url.searchParams.set('passfile', passfile);
  url.searchParams.set('application_name', 'saraban-backup');
  return { dbname: url.toString(), done: () => rmSync(dir, { recursive: true, force: true }) };
}

function explain(tool: string, stderr: string) {
  const text = stderr.trim().split('\n').slice(-3).join(' ');
  if (/row-level security/i.test(text)) return `${tool} was refused rows by row-level security: the database role of DATABASE_URL must be a superuser or have BYPASSRLS. (${text})`;
  return `${tool} failed: ${text || 'no message'}`;
}

/**
 * A consistent snapshot of the whole database while the app serves (pg_dump reads in one repeatable-read
 * snapshot: its own, or the one exported by the caller), in pg_dump's custom format, as a stream; it fails
 * the stream if pg_dump does.
 */
export function dumpDatabase(ownerUrl: string, major: number, snapshot?: string): Readable {
  const bin = clientTool('pg_dump', major);
  const { dbname, done: forget } = connection(ownerUrl);
  const args = ['--format=custom', '--no-sync', `--dbname=${dbname}`, ...(snapshot ? [`--snapshot=${snapshot}`] : [])];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('close', forget);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  // The stream ends only once pg_dump has exited well: a dump cut short by a failure never looks whole.
  const gate = new Transform({
    transform(chunk: Buffer, _e, done) {
      done(null, chunk);
    },
    flush(done) {
      void exited.then((code) => done(code === 0 ? null : new BackupProblem(explain('pg_dump', stderr))));
    },
  });
  child.on('error', (error) => gate.destroy(new BackupProblem(`pg_dump could not start: ${error.message}`)));
  gate.on('close', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
  return child.stdout.pipe(gate);
}

/**
 * Restores a custom-format dump read from `input` in one transaction (pg_restore --single-transaction):
 * if it fails, or `input` fails (a damaged backup), nothing of it stays. Objects keep the owner of the
 * restoring role; the app's roles must exist first (they are granted rights in the dump).
 */
export async function restoreDatabase(ownerUrl: string, major: number, input: Readable) {
  const bin = clientTool('pg_restore', major);
  const { dbname, done: forget } = connection(ownerUrl);
  const child = spawn(bin, ['--single-transaction', '--exit-on-error', '--no-owner', `--dbname=${dbname}`], { stdio: ['pipe', 'ignore', 'pipe'] });
  child.on('close', forget);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => reject(new BackupProblem(`pg_restore could not start: ${error.message}`)));
    child.on('close', (code) => resolve(code));
  });
  let inputError: Error | null = null;
  input.on('error', (error) => {
    inputError = error;
    // Killed before its input ends, pg_restore never commits.
    child.kill('SIGKILL');
  });
  child.stdin.on('error', () => {});
  input.pipe(child.stdin);
  const code = await exited;
  if (inputError) throw inputError;
  if (code !== 0) throw new BackupProblem(explain('pg_restore', stderr));
}
