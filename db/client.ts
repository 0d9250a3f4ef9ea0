import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { env } from '@/server/env';
import * as schema from './schema';

/**
 * Two pools, two roles, neither of which owns a table or bypasses RLS:
 * - app: tenant-scoped work; reachable only through db/scope.ts (runInTenant).
 * - platform: the single cross-tenant path; imported only by server/platform/.
 */
function createDb(url: string, max: number) {
  const client = postgres(url, { max, idle_timeout: 30, connect_timeout: 10, onnotice: () => {} });
  return { client, db: drizzle({ client, schema }) };
}

type Pools = { app: ReturnType<typeof createDb>; platform: ReturnType<typeof createDb> };

const globalPools = globalThis as unknown as { __sarabanPools?: Pools };

function pools(): Pools {
  if (!globalPools.__sarabanPools) {
    const e = env();
    globalPools.__sarabanPools = {
      app: createDb(e.DATABASE_APP_URL, e.DB_POOL_MAX),
      platform: createDb(e.DATABASE_PLATFORM_URL, Math.max(2, Math.ceil(e.DB_POOL_MAX / 4))),
    };
  }
  return globalPools.__sarabanPools;
}

export function appPool() {
  return pools().app;
}

export function platformPool() {
  return pools().platform;
}

export async function closePools() {
  const p = globalPools.__sarabanPools;
  globalPools.__sarabanPools = undefined;
  if (p) await Promise.all([p.app.client.end({ timeout: 5 }), p.platform.client.end({ timeout: 5 })]);
}

export type AppDb = ReturnType<typeof createDb>['db'];
export { schema };
