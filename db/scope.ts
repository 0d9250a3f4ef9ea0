import { sql } from 'drizzle-orm';
import { appPool, type AppDb } from './client';

export type TenantTx = Parameters<Parameters<AppDb['transaction']>[0]>[0];

export type Scope = { tenantId: string; userId: string | null };

/**
 * Runs fn in one transaction of the app role with the tenant and user set for
 * Row-Level Security (bound parameters, transaction-local). This is the only way
 * tenant data is reached.
 */
export async function runInTenant<T>(scope: Scope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return appPool().db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ''}, true)`,
    );
    return fn(tx);
  });
}
