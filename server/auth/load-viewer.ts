import { and, eq, sql } from 'drizzle-orm';
import { tenants, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/server/errors';
import type { Permission, Role } from '@/server/shared/access';
import { effectivePermissions, resolveActingUnit } from './permissions';

export type Viewer = Awaited<ReturnType<typeof loadViewer>>;

type MembershipRow = { unitId: string; role: Role; unitNameTh: string; unitNameEn: string };
type OverrideRow = { permission: Permission; allowed: boolean };

/**
 * The signed-in person as the database says now, in one query: a disabled account,
 * a reset password or a disabled agency ends the session at its next request.
 */
export async function loadViewer(
  tx: TenantTx,
  claims: { tenantId: string; userId: string; sv: number },
  requestedUnitId: string | null,
) {
  const [row] = await tx
    .select({
      user: users,
      tenant: tenants,
      memberships: sql<MembershipRow[]>`coalesce((
        select json_agg(json_build_object('unitId', m.unit_id, 'role', m.role, 'unitNameTh', un.name_th, 'unitNameEn', un.name_en)
                        order by m.created_at, un.name_th)
        from memberships m join units un on un.tenant_id = m.tenant_id and un.id = m.unit_id
        where m.tenant_id = ${users.tenantId} and m.user_id = ${users.id}), '[]'::json)`,
      overrides: sql<OverrideRow[]>`coalesce((
        select json_agg(json_build_object('permission', o.permission, 'allowed', o.allowed))
        from permission_overrides o where o.tenant_id = ${users.tenantId} and o.user_id = ${users.id}), '[]'::json)`,
    })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.tenantId, claims.tenantId), eq(users.id, claims.userId)))
    .limit(1);
  if (!row || row.user.status !== 'active' || row.user.sessionVersion !== claims.sv || row.tenant.status !== 'active') {
    throw new AppError('session_expired');
  }
  const actingUnitId = resolveActingUnit(row.memberships, requestedUnitId);
  const { passwordHash: _omit, ...user } = row.user;
  return {
    user,
    tenant: row.tenant,
    memberships: row.memberships,
    actingUnitId,
    permissions: effectivePermissions({ memberships: row.memberships, overrides: row.overrides, actingUnitId }),
  };
}
