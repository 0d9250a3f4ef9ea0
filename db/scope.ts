import type postgres from 'postgres';
import { appPool, drizzleOver, type AppDb } from './client';

/** A tenant-scoped transaction: drizzle bound to it, and `$client` for the few hand-written hot queries. */
export type TenantTx = AppDb & { $client: postgres.TransactionSql };

export type Scope = { tenantId: string; userId: string | null };

/**
 * Runs fn in one transaction of the app role with the tenant and user set for
 * Row-Level Security (bound parameters, transaction-local). This is the only way
 * tenant data is reached. The transaction is opened with postgres.js directly so
 * that BEGIN and the scope cost one prepared round trip each.
 */
export async function runInTenant<T>(scope: Scope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  const pool = appPool().client;
  const result = await pool.begin(async (sql) => {
    await sql`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ''}, true)`;
    return fn(drizzleOver(sql, pool.options) as TenantTx);
  });
  return result as T;
}
