import { and, eq } from 'drizzle-orm';
import { memberships, permissionOverrides } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { findPersonOrThrow } from './find-person';

export async function getPerson(tx: TenantTx, tenantId: string, userId: string) {
  const { passwordHash: _omit, ...person } = await findPersonOrThrow(tx, tenantId, userId);
  const [roleRows, overrides] = await Promise.all([
    tx.select({ unitId: memberships.unitId, role: memberships.role }).from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId))),
    tx.select({ permission: permissionOverrides.permission, allowed: permissionOverrides.allowed })
      .from(permissionOverrides)
      .where(and(eq(permissionOverrides.tenantId, tenantId), eq(permissionOverrides.userId, userId))),
  ]);
  return { ...person, memberships: roleRows, overrides };
}
