import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startEmbeddedS3 } from './embedded-s3';
import { processAlive } from './process-alive';
import { loadOrCreateSecrets } from './secrets';

/** What the launcher reads from the environment; everything is optional in zero-setup mode. */
const launchSchema = z.object({
  SARABAN_DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_APP_URL: z.string().url().optional(),
  DATABASE_PLATFORM_URL: z.string().url().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  EMBEDDED_S3_PORT: z.coerce.number().int().min(0).max(65535).default(54339),
  EMBEDDED_PG_SHARED_BUFFERS_MB: z.coerce.number().int().min(16).max(1_048_576).optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().default('saraban'),
  AUTH_SECRET: z.string().min(32).optional(),
  SEED_DEMO_DATA: z.enum(['true', 'false']).optional(),
});

export type BootOptions = {
  /** Skip the migrations and role logins: the database is to be restored into as it is (empty). */
  prepare?: boolean;
  /** An operator's command: use the zero-setup services of an app running on this data folder, if one is. */
  attach?: boolean;
};

type Running = { pid: number; pgPort: number; s3Port: number };

/** What a running zero-setup app serves on, for the operator's commands to reach (removed when it stops). */
const runningFile = (dataDir: string) => path.join(dataDir, 'running.json');

function runningApp(dataDir: string): Running | null {
  try {
    const running = JSON.parse(readFileSync(runningFile(dataDir), 'utf8')) as Running;
    return running.pid !== process.pid && processAlive(running.pid) ? running : null;
  } catch {
    return null;
  }
}

export type Booted = {
  ownerUrl: string;
  zeroSetup: boolean;
  authSecret: string;
  seedDemo: boolean;
  stop: () => Promise<void>;
};

/**
 * Brings up what the web server needs and writes the resolved configuration into
 * process.env for server/env.ts: DATABASE_URL → that server, else an embedded
 * PostgreSQL; S3_ENDPOINT → that store, else an embedded one; secrets from the
 * environment, else generated and kept in the data folder (zero-setup only).
 */
export async function boot(source: NodeJS.ProcessEnv = process.env, options: BootOptions = {}): Promise<Booted> {
  const parsed = launchSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const cfg = parsed.data;
  const dataDir = path.resolve(cfg.SARABAN_DATA_DIR);
  const zeroSetup = !cfg.DATABASE_URL;
  const stops: Array<() => Promise<void>> = [];

  if (!zeroSetup && !cfg.AUTH_SECRET) {
    throw new Error('AUTH_SECRET is required when DATABASE_URL is set (at least 32 random characters).');
  }
  const local = zeroSetup ? loadOrCreateSecrets(dataDir) : null;
  const authSecret = cfg.AUTH_SECRET ?? local!.authSecret;

  let ownerUrl = cfg.DATABASE_URL;
  const running = zeroSetup && options.attach ? runningApp(dataDir) : null;
  if (running) {
    Object.assign(process.env, {
      NEXTAUTH_SECRET: authSecret, S3_BUCKET: cfg.S3_BUCKET, S3_ENDPOINT: `http://127.0.0.1:${running.s3Port}`,
      S3_ACCESS_KEY_ID: local!.store.accessKeyId, S3_SECRET_ACCESS_KEY: local!.store.secretAccessKey, S3_FORCE_PATH_STYLE: 'true',
    });
    const url = `postgres://postgres:${encodeURIComponent(local!.postgresPassword)}@127.0.0.1:${running.pgPort}/saraban`;
    return { ownerUrl: url, zeroSetup, authSecret, seedDemo: false, stop: async () => {} };
  }
  let pgPort = 0;
  let s3Port = 0;
  if (!ownerUrl) {
    const pg = await startEmbeddedPostgres({
      dir: path.join(dataDir, 'postgres'), port: cfg.EMBEDDED_PG_PORT, password: local!.postgresPassword, database: 'saraban',
      sharedBuffersMb: cfg.EMBEDDED_PG_SHARED_BUFFERS_MB,
    });
    stops.push(pg.stop);
    ownerUrl = pg.ownerUrl;
    pgPort = cfg.EMBEDDED_PG_PORT;
  }

  try {
    const resolved: Record<string, string> = { NEXTAUTH_SECRET: authSecret, S3_BUCKET: cfg.S3_BUCKET, SARABAN_ZERO_SETUP: String(zeroSetup) };
    if (options.prepare !== false) {
      await migrateDatabase(ownerUrl);
      const roles = cfg.DATABASE_APP_URL && cfg.DATABASE_PLATFORM_URL
        ? { appUrl: cfg.DATABASE_APP_URL, platformUrl: cfg.DATABASE_PLATFORM_URL }
        : await enableRoleLogins(ownerUrl, authSecret);
      Object.assign(resolved, { DATABASE_APP_URL: roles.appUrl, DATABASE_PLATFORM_URL: roles.platformUrl });
    }
    if (!cfg.S3_ENDPOINT && !source.S3_ACCESS_KEY_ID) {
      const s3 = await startEmbeddedS3({
        dir: path.join(dataDir, 's3'), port: cfg.EMBEDDED_S3_PORT, bucket: cfg.S3_BUCKET, credentials: local?.store,
      });
      stops.push(s3.stop);
      s3Port = Number(new URL(s3.endpoint).port);
      Object.assign(resolved, {
        S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      });
    }
    Object.assign(process.env, resolved);
    if (zeroSetup && s3Port > 0) {
      writeFileSync(runningFile(dataDir), JSON.stringify({ pid: process.pid, pgPort, s3Port } satisfies Running), { mode: 0o600 });
      stops.unshift(async () => rmSync(runningFile(dataDir), { force: true }));
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }

  return {
    ownerUrl,
    zeroSetup,
    authSecret,
    seedDemo: cfg.SEED_DEMO_DATA ? cfg.SEED_DEMO_DATA === 'true' : zeroSetup,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
    },
  };
}
