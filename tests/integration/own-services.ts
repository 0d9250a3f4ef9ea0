import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resetEnv } from '@/core/env';
import { closePools } from '@/db/client';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { startEmbeddedPostgres } from '@/server/runtime/embedded-postgres';
import { generateStoreCredentials, startEmbeddedS3 } from '@/server/runtime/embedded-s3';
import { freePort } from '@/server/runtime/free-port';

/**
 * A PostgreSQL and an object store of one test file's own (for tests that kill, stop or restart
 * them, which the run's shared ones must never be): started in a temporary folder, migrated, and
 * made this process's settings (its children inherit them). Each can be stopped and started
 * again on the same port with the same data.
 */
export async function startOwnServices(name: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `saraban-${name}-`));
  chmodSync(dir, 0o755);
  const database = { dir: path.join(dir, 'pg'), port: await freePort(), password: name, database: `saraban_${name}` };
  const store = { dir: path.join(dir, 's3'), port: await freePort(), bucket: `saraban-${name}`, credentials: generateStoreCredentials() };
  let pg = await startEmbeddedPostgres(database);
  let s3 = await startEmbeddedS3(store);
  await migrateDatabase(pg.ownerUrl);
  const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, process.env.NEXTAUTH_SECRET!);
  Object.assign(process.env, {
    TEST_OWNER_URL: pg.ownerUrl, DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl,
    S3_ENDPOINT: s3.endpoint, S3_BUCKET: store.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  });
  resetEnv();
  let pgUp = true;
  let s3Up = true;
  return {
    dir,
    ownerUrl: pg.ownerUrl,
    stopDatabase: async () => { pgUp = false; await pg.stop(); },
    startDatabase: async () => { pg = await startEmbeddedPostgres(database); pgUp = true; },
    stopStore: async () => { s3Up = false; await s3.stop(); },
    startStore: async () => { s3 = await startEmbeddedS3(store); s3Up = true; },
    /** Both lost: the database and the bucket gone, an empty PostgreSQL and store started in their place (not migrated). */
    destroy: async () => {
      await closePools();
      if (s3Up) await s3.stop();
      if (pgUp) await pg.stop();
      rmSync(database.dir, { recursive: true, force: true });
      rmSync(store.dir, { recursive: true, force: true });
      pg = await startEmbeddedPostgres(database);
      s3 = await startEmbeddedS3(store);
      pgUp = true;
      s3Up = true;
    },
    stop: async () => {
      await closePools();
      if (s3Up) await s3.stop();
      if (pgUp) await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type OwnServices = Awaited<ReturnType<typeof startOwnServices>>;
