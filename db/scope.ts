import type postgres from 'postgres';
import { AppError } from '@/core/errors';
import { env } from '@/core/env';
import { appPool, drizzleOver, holdingConnection, refuseIfHolding, reserveWithin, type AppDb } from './client';

/**
 * A tenant-scoped transaction: drizzle bound to it, `$client` for the few hand-written
 * hot queries, `$commitWith` to send a final statement with COMMIT right behind it, and
 * `$accessVersion`, the agency's access version as the transaction began (read with the scope).
 */
export type TenantTx = AppDb & {
  $client: postgres.ReservedSql;
  $commitWith: <R extends postgres.Row[]>(finalStatement: postgres.PendingQuery<R>) => Promise<postgres.RowList<R>>;
  $accessVersion: Promise<number | null>;
  /** The person's session as the transaction began: null when it has ended (or none was named). */
  $session: Promise<SessionState | null>;
  /** The units the scope set in `app.units` from what the caller knew, or null when the scope read them itself. */
  $units: string | null;
};

/** A live session; `stale` when its last-seen time is older than the touch interval and should be written. */
export type SessionState = { stale: boolean };

/**
 * `system`: a background job acting for the agency as a whole (sees its classified letters too).
 * `session`: the person's session to check with the scope (id, and the idle minutes after which it has ended).
 */
export type Scope = {
  tenantId: string; userId: string | null; system?: boolean;
  session?: { id: string; idleMinutes: number; touchSeconds: number };
  /** The person's units as last loaded (comma-separated): set as they are, saving the scope a read; loadViewer corrects them if stale. */
  units?: string | null;
};

/*
 * The scope statement, one constant text per case so each is prepared once per connection:
 * $1 agency, $2 person ('' for none), $3 'on' for a background job, $4 session id, $5 and $6
 * its touch interval (s) and idle limit (min), and, when the caller knows them, $7 the
 * person's units (else read from memberships).
 */
const SCOPE_HEAD = `select set_config('app.tenant_id', $1, true), set_config('app.user_id', $2, true), set_config('app.system', $3, true),`;
const SCOPE_TAIL = `
  (select access_version from tenants where id = app_current_tenant()) as v,
  (select extract(epoch from now() - s.last_seen_at) > $5::int from user_sessions s
    where s.tenant_id = app_current_tenant() and s.id = $4::uuid and s.user_id = nullif($2, '')::uuid
      and s.revoked_at is null and s.ends_at > now() and s.last_seen_at > now() - make_interval(mins => $6::int)) as session`;
const SCOPE_WITH_UNITS = `${SCOPE_HEAD} set_config('app.units', $7, true),${SCOPE_TAIL}`;
/** A background job's: no person, so no units and no session ($1–$3 only). */
const SCOPE_OF_JOB = `${SCOPE_HEAD} set_config('app.units', '', true),
  (select access_version from tenants where id = app_current_tenant()) as v, null::boolean as session`;
const SCOPE_READING_UNITS = `${SCOPE_HEAD}
  set_config('app.units', coalesce((select string_agg(m.unit_id::text, ',') from memberships m
    where m.tenant_id = app_current_tenant() and m.user_id = nullif($2, '')::uuid), ''), true),${SCOPE_TAIL}`;

/** The scope statement for this transaction and its parameters (prepared once per connection each). */
function scopeStatement(scope: Scope, params: unknown[]): [string, never[], { prepare: true }] {
  if (scope.userId === null) return [SCOPE_OF_JOB, params.slice(0, 3) as never[], { prepare: true }];
  if (scope.units != null) return [SCOPE_WITH_UNITS, [...params, scope.units] as never[], { prepare: true }];
  return [SCOPE_READING_UNITS, params as never[], { prepare: true }];
}

/**
 * Runs fn in one transaction of the app role with the tenant and user set for
 * Row-Level Security (bound parameters, transaction-local). This is the only way
 * tenant data is reached, on a reserved connection.
 */
export async function runInTenant<T>(scope: Scope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  refuseIfHolding('a tenant transaction');
  const pool = appPool().client;
  const sql = await reserveWithin(pool, env().DB_ACQUIRE_TIMEOUT_SECONDS * 1000, () => new AppError('server_busy'), () => new AppError('database_unavailable'));
  return holdingConnection(() => inTransaction(sql, pool, scope, fn));
}

async function inTransaction<T>(sql: postgres.ReservedSql, pool: postgres.Sql, scope: Scope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  let committed = false;
  // BEGIN and the scope are not awaited before fn runs: its first query is pipelined
  // behind them. PostgreSQL runs them in order, and if either failed, every later
  // statement fails too (the transaction is aborted), so nothing runs unscoped.
  // With the scope come: the units the person belongs to (kept in `app.units` for the
  // letters' need-to-know policies, read once per transaction), the agency's access version
  // (see loadViewer) and the session's state. The sub-selects are evaluated after the
  // set_config calls before them; were one ever evaluated first, RLS and the unset tenant
  // would give nothing: no units (a person sees less), NULL (load the person afresh), no
  // session (signed out) — each fails closed.
  const session = scope.session ?? { id: null, idleMinutes: 0, touchSeconds: 0 };
  const params = [scope.tenantId, scope.userId ?? '', scope.system ? 'on' : '', session.id, session.touchSeconds, session.idleMinutes];
  const opening = Promise.all([
    sql`begin`.execute(),
    sql.unsafe<[{ v: string | null; session: boolean | null }]>(...scopeStatement(scope, params)).execute(),
  ]);
  opening.catch(() => {});
  try {
    const tx = drizzleOver(sql, pool.options) as TenantTx;
    tx.$accessVersion = opening.then(([, [row]]) => (row.v === null ? null : Number(row.v)));
    tx.$accessVersion.catch(() => {});
    tx.$session = opening.then(([, [row]]) => (row.session === null ? null : { stale: row.session }));
    tx.$session.catch(() => {});
    tx.$units = scope.units ?? null;
    tx.$commitWith = async (finalStatement) => {
      // Sent back to back: row locks the final statement takes are released without
      // waiting for this process to read its result. If it fails, COMMIT only ends
      // the failed transaction (PostgreSQL rolls it back) and the error is thrown.
      committed = true;
      const [result] = await Promise.all([finalStatement.execute(), sql`commit`.execute()]);
      return result;
    };
    let result: T;
    try {
      result = await fn(tx);
    } finally {
      await opening; // the scope's own error, if any, is the one to report
    }
    if (!committed) await sql`commit`;
    return result;
  } catch (error) {
    // Whatever failed (scope, work or commit), the connection goes back to the pool outside any transaction.
    await sql`rollback`.catch(() => {});
    throw error;
  } finally {
    sql.release();
  }
}
