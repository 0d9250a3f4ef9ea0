import type postgres from 'postgres';
import { appPool, drizzleOver, type AppDb } from './client';

/** A tenant-scoped transaction: drizzle bound to it, and `$client` for the few hand-written hot queries. */
export type TenantTx = AppDb & { $client: postgres.ReservedSql };

export type Scope = { tenantId: string; userId: string | null };

/**
 * Runs fn in one transaction of the app role with the tenant and user set for
 * Row-Level Security (bound parameters, transaction-local). This is the only way
 * tenant data is reached. BEGIN and the scope are pipelined on a reserved
 * connection, so opening the scope costs one round trip.
 */
export async function runInTenant<T>(scope: Scope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  const pool = appPool().client;
  const sql = await pool.reserve();
  try {
    await Promise.all([
      sql`begin`,
      sql`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ''}, true)`,
    ]);
    const result = await fn(drizzleOver(sql, pool.options) as TenantTx);
    await sql`commit`;
    return result;
  } catch (error) {
    // Whatever failed (scope, work or commit), the connection goes back to the pool outside any transaction.
    await sql`rollback`.catch(() => {});
    throw error;
  } finally {
    sql.release();
  }
}
