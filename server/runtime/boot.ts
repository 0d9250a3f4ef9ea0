import path from 'node:path';
import { z } from 'zod';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startEmbeddedS3 } from './embedded-s3';
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

export type Booted = {
  ownerUrl: string;
  zeroSetup: boolean;
  seedDemo: boolean;
  stop: () => Promise<void>;
};

/**
 * Brings up what the web server needs and writes the resolved configuration into
 * process.env for server/env.ts: DATABASE_URL → that server, else an embedded
 * PostgreSQL; S3_ENDPOINT → that store, else an embedded one; secrets from the
 * environment, else generated and kept in the data folder (zero-setup only).
 */
export async function boot(source: NodeJS.ProcessEnv = process.env): Promise<Booted> {
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
  if (!ownerUrl) {
    const pg = await startEmbeddedPostgres({
      dir: path.join(dataDir, 'postgres'), port: cfg.EMBEDDED_PG_PORT, password: local!.postgresPassword, database: 'saraban',
      sharedBuffersMb: cfg.EMBEDDED_PG_SHARED_BUFFERS_MB,
    });
    stops.push(pg.stop);
    ownerUrl = pg.ownerUrl;
  }

  try {
    await migrateDatabase(ownerUrl);
    const roles = cfg.DATABASE_APP_URL && cfg.DATABASE_PLATFORM_URL
      ? { appUrl: cfg.DATABASE_APP_URL, platformUrl: cfg.DATABASE_PLATFORM_URL }
      : await enableRoleLogins(ownerUrl, authSecret);

    const resolved: Record<string, string> = {
      DATABASE_APP_URL: roles.appUrl,
      DATABASE_PLATFORM_URL: roles.platformUrl,
      NEXTAUTH_SECRET: authSecret,
      S3_BUCKET: cfg.S3_BUCKET,
    };
    if (!cfg.S3_ENDPOINT && !source.S3_ACCESS_KEY_ID) {
      const s3 = await startEmbeddedS3({
        dir: path.join(dataDir, 's3'), port: cfg.EMBEDDED_S3_PORT, bucket: cfg.S3_BUCKET, credentials: local?.store,
      });
      stops.push(s3.stop);
      Object.assign(resolved, {
        S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      });
    }
    Object.assign(process.env, resolved);
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }

  return {
    ownerUrl,
    zeroSetup,
    seedDemo: cfg.SEED_DEMO_DATA ? cfg.SEED_DEMO_DATA === 'true' : zeroSetup,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch((e) => console.error(e));
    },
  };
}
