import { and, asc, eq } from 'drizzle-orm';
import { memberships, permissionOverrides, tenants, units, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/server/errors';
import { effectivePermissions, resolveActingUnit } from './permissions';

export type Viewer = Awaited<ReturnType<typeof loadViewer>>;

/**
 * The signed-in person as the database says now: a disabled account, a reset
 * password or a disabled agency ends the session at its next request.
 */
export async function loadViewer(
  tx: TenantTx,
  claims: { tenantId: string; userId: string; sv: number },
  requestedUnitId: string | null,
) {
  const [row] = await tx
    .select({ user: users, tenant: tenants })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.tenantId, claims.tenantId), eq(users.id, claims.userId)))
    .limit(1);
  if (!row || row.user.status !== 'active' || row.user.sessionVersion !== claims.sv || row.tenant.status !== 'active') {
    throw new AppError('session_expired');
  }
  const [roleRows, overrides] = await Promise.all([
    tx.select({ unitId: memberships.unitId, role: memberships.role, unitNameTh: units.nameTh, unitNameEn: units.nameEn })
      .from(memberships)
      .innerJoin(units, and(eq(units.tenantId, memberships.tenantId), eq(units.id, memberships.unitId)))
      .where(and(eq(memberships.tenantId, claims.tenantId), eq(memberships.userId, claims.userId)))
      .orderBy(asc(memberships.createdAt), asc(units.nameTh)),
    tx.select({ permission: permissionOverrides.permission, allowed: permissionOverrides.allowed })
      .from(permissionOverrides)
      .where(and(eq(permissionOverrides.tenantId, claims.tenantId), eq(permissionOverrides.userId, claims.userId))),
  ]);
  const actingUnitId = resolveActingUnit(roleRows, requestedUnitId);
  const { passwordHash: _omit, ...user } = row.user;
  return {
    user,
    tenant: row.tenant,
    memberships: roleRows,
    actingUnitId,
    permissions: effectivePermissions({ memberships: roleRows, overrides, actingUnitId }),
  };
}
