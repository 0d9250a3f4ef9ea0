import { AsyncLocalStorage } from 'node:async_hooks';
import { connect } from 'node:net';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { env } from '@/core/env';
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

/**
 * Marks the work that holds a pooled connection. Asking for another one from inside it is
 * refused at once: a request that waits for a second connection while holding its first
 * can, with enough of them at the same moment, hold every connection and wait forever.
 */
const holding = new AsyncLocalStorage<true>();

export function holdingConnection<T>(fn: () => Promise<T>): Promise<T> {
  return holding.run(true, fn);
}

export function refuseIfHolding(what: string) {
  if (holding.getStore()) throw new Error(`${what} asked for while this work already holds a database connection`);
}

export function appPool() {
  return pools().app;
}

export function platformPool() {
  refuseIfHolding('a platform connection');
  return pools().platform;
}

/**
 * A connection of the pool, or an error once `timeoutMs` has passed without one: `busy()` when
 * the database answers (every connection is in use), `down()` when it does not (PostgreSQL is
 * stopped or restarting: the pool keeps trying to connect meanwhile). A caller gets a clear
 * answer in seconds instead of a queue that never moves. A connection granted after the
 * caller gave up goes straight back.
 */
export async function reserveWithin(pool: Sql, timeoutMs: number, busy: () => Error, down: () => Error): Promise<postgres.ReservedSql> {
  let timer: NodeJS.Timeout | undefined;
  let gaveUp = false;
  const reserving = pool.reserve();
  // A connection that could not be made: the database was unreachable at this moment.
  reserving.catch(() => { unreachableAt = Date.now(); });
  try {
    return await Promise.race([
      reserving,
      new Promise<never>((_, reject) => { timer = setTimeout(() => { gaveUp = true; reject(new Error('timed out')); }, timeoutMs); }),
    ]);
  } catch (error) {
    if (!gaveUp) throw error;
    void reserving.then((sql) => sql.release(), () => {});
    // Waited through an outage (or into one): the database is named, not the load.
    const up = Date.now() - unreachableAt > timeoutMs + 1000 && await answers(pool);
    if (!up) unreachableAt = Date.now();
    throw up ? busy() : down();
  } finally {
    clearTimeout(timer);
  }
}

let unreachableAt = 0;

/** Whether the pool's database server accepts a connection at all (a TCP connect, within a second). */
function answers(pool: Sql) {
  const host = pool.options.host[0] ?? '127.0.0.1';
  const port = pool.options.port[0] ?? 5432;
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    const done = (up: boolean) => { socket.destroy(); resolve(up); };
    socket.once('connect', () => done(true)).once('timeout', () => done(false)).once('error', () => done(false));
  });
}

export async function closePools() {
  const p = globalPools.__sarabanPools;
  globalPools.__sarabanPools = undefined;
  if (p) await Promise.all([p.app.client.end({ timeout: 5 }), p.platform.client.end({ timeout: 5 })]);
}

export type AppDb = ReturnType<typeof drizzleOver>;
export { schema };
