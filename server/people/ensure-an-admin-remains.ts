import { and, eq, sql } from 'drizzle-orm';
import { memberships, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';

/** An agency must keep at least one active tenant admin, or nobody could manage it. */
export async function ensureAnAdminRemains(tx: TenantTx, tenantId: string) {
  const [row] = await tx.select({ n: sql<number>`count(distinct ${users.id})::int` })
    .from(memberships)
    .innerJoin(users, and(eq(users.tenantId, memberships.tenantId), eq(users.id, memberships.userId)))
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, 'tenant_admin'), eq(users.status, 'active')));
  if (!row || row.n < 1) throw new AppError('last_admin');
}
