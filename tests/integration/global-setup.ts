import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '@/server/runtime/free-port';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { startEmbeddedPostgres } from '@/server/runtime/embedded-postgres';
import { startEmbeddedS3 } from '@/server/runtime/embedded-s3';

/**
 * A real PostgreSQL for the run: TEST_DATABASE_URL (an owner connection) if given,
 * else an embedded one in a temporary folder. Also a real S3 server on loopback.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-test-'));
  // As root, PostgreSQL runs as the postgres OS user, which must reach its folder.
  chmodSync(dir, 0o755);
  const secret = 'integration-test-secret-0123456789abcdef';
  const pg = process.env.TEST_DATABASE_URL
    ? { ownerUrl: process.env.TEST_DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'test', database: 'saraban_test' });
  await migrateDatabase(pg.ownerUrl);
  const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, secret);
  const s3 = await startEmbeddedS3({ dir: path.join(dir, 's3'), port: await freePort(), bucket: 'saraban-test' });

  project.provide('testEnv', {
    NODE_ENV: 'test',
    TEST_OWNER_URL: pg.ownerUrl,
    DATABASE_APP_URL: appUrl,
    DATABASE_PLATFORM_URL: platformUrl,
    NEXTAUTH_SECRET: secret,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: 'saraban-test',
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    DB_POOL_MAX: '4',
    // The test mail servers listen on loopback, which agencies may not reach unless the platform names it.
    MAIL_INTERNAL_HOSTS: '127.0.0.1',
  });

  return async () => {
    await s3.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    testEnv: Record<string, string>;
  }
}
