import { createHmac } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { Logger, runMigrations as migrateJobQueue } from 'graphile-worker';
import postgres from 'postgres';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export const APP_ROLE = 'saraban_app';
export const PLATFORM_ROLE = 'saraban_platform';

/** Applies pending migrations with the owner connection (DATABASE_URL): the app's, then the job queue's (schema graphile_worker). */
export async function migrateDatabase(ownerUrl: string) {
  const client = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
  } finally {
    await client.end();
  }
  await migrateJobQueue({ connectionString: ownerUrl, logger: silentLogger });
}

/** The app's two roles, created where the server has none yet (a restore grants them rights before any migration runs). */
export async function ensureAppRoles(client: postgres.Sql) {
  for (const role of [APP_ROLE, PLATFORM_ROLE]) {
    const [found] = await client`select 1 from pg_roles where rolname = ${role}`;
    // Role names are constants: the identifier is safe.
    if (!found) await client.unsafe(`CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`);
  }
}

const silentLogger = new Logger(() => () => {});

/** The login password of an app role, derived from the server secret so nothing else must be kept. */
export function derivedRolePassword(secret: string, role: string) {
  return createHmac('sha256', secret).update(`db-role:${role}`).digest('hex');
}

/**
 * Lets the two app roles log in with their derived passwords and returns their
 * URLs (same server and database as the owner URL). Needs CREATEROLE; where the
 * provider forbids it, set DATABASE_APP_URL and DATABASE_PLATFORM_URL instead.
 */
export async function enableRoleLogins(ownerUrl: string, secret: string) {
  const client = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  const urls: Record<string, string> = {};
  try {
    for (const role of [APP_ROLE, PLATFORM_ROLE]) {
      const password = derivedRolePassword(secret, role);
      // Role names are constants and the password is hex, so the literal is safe.
      await client.unsafe(`ALTER ROLE ${role} LOGIN PASSWORD '${password}'`);
      const url = new URL(ownerUrl);
      url.username = role;
      url.password = password;
      urls[role] = url.toString();
    }
  } finally {
    await client.end();
  }
  return { appUrl: urls[APP_ROLE]!, platformUrl: urls[PLATFORM_ROLE]! };
}
