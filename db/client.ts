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
  return { client, db: drizzleOver(client) };
}

type Sql = postgres.Sql;

/** A drizzle handle over a postgres.js client or one of its open transactions. */
export function drizzleOver(client: Sql | postgres.ReservedSql, options: Sql['options'] = (client as Sql).options) {
  // A reserved connection may lack `options`; drizzle reads its parsers, which are the pool's.
  // No relational `schema` here: building its config per transaction costs more than the query.
  return drizzle({ client: preparing(client as Sql, options) });
}

/**
 * drizzle sends its (unnamed) queries with prepare: false, and postgres.js then asks
 * the server to describe every parameterized query before running it: two round
 * trips each. Preparing them instead caches one statement per query shape on each
 * connection, so each query is one round trip (inside transactions too).
 */
function preparing<T extends Sql>(client: T, options: Sql['options']): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'options') return options;
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, params as never, { ...options, prepare: params && params.length > 0 ? true : options?.prepare });
      }
      if (prop === 'begin') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: Sql) => unknown;
          return (target.begin as (...a: unknown[]) => unknown)(...args, (tx: Sql) => fn(preparing(tx, options)));
        };
      }
      if (prop === 'savepoint') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: Sql) => unknown;
          return ((target as unknown as { savepoint: (...a: unknown[]) => unknown }).savepoint)(...args, (tx: Sql) => fn(preparing(tx, options)));
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
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

export type AppDb = ReturnType<typeof drizzleOver>;
export { schema };
