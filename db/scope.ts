import type postgres from 'postgres';
import { AppError } from '@/server/errors';
import { env } from '@/server/env';
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
};

/** `system`: a background job acting for the agency as a whole (sees its classified letters too). */
export type Scope = { tenantId: string; userId: string | null; system?: boolean };

/**
 * Runs fn in one transaction of the app role with the tenant and user set for
 * Row-Level Security (bound parameters, transaction-local). This is the only way
 * tenant data is reached, on a reserved connection.
 */
export async function runInTenant<T>(scope: Scope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  refuseIfHolding('a tenant transaction');
  const pool = appPool().client;
  const sql = await reserveWithin(pool, env().DB_ACQUIRE_TIMEOUT_SECONDS * 1000, () => new AppError('server_busy'));
  return holdingConnection(() => inTransaction(sql, pool, scope, fn));
}

async function inTransaction<T>(sql: postgres.ReservedSql, pool: postgres.Sql, scope: Scope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  let committed = false;
  // BEGIN and the scope are not awaited before fn runs: its first query is pipelined
  // behind them. PostgreSQL runs them in order, and if either failed, every later
  // statement fails too (the transaction is aborted), so nothing runs unscoped.
  // The agency's access version comes with the scope (see loadViewer): the sub-select is
  // evaluated after the set_config calls before it, and were it ever evaluated first, RLS
  // and the unset tenant would give NULL, which only means "load the person afresh".
  const opening = Promise.all([
    sql`begin`.execute(),
    sql<[{ v: string | null }]>`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ''}, true),
      set_config('app.system', ${scope.system ? 'on' : ''}, true),
      (select access_version from tenants where id = app_current_tenant()) as v`.execute(),
  ]);
  opening.catch(() => {});
  try {
    const tx = drizzleOver(sql, pool.options) as TenantTx;
    tx.$accessVersion = opening.then(([, [row]]) => (row.v === null ? null : Number(row.v)));
    tx.$accessVersion.catch(() => {});
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
