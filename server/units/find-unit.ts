import { and, eq, isNull } from 'drizzle-orm';
import { units } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';

/** The unit, or NOT_FOUND (a unit of another agency is simply not found). */
export async function findUnitOrThrow(tx: TenantTx, tenantId: string, unitId: string) {
  const [unit] = await tx.select().from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, unitId))).limit(1);
  if (!unit) throw new AppError('not_found');
  return unit;
}

/** The agency's own (root) unit: where its central registry receives. */
export async function rootUnit(tx: TenantTx, tenantId: string) {
  const [root] = await tx.select({ id: units.id }).from(units).where(and(eq(units.tenantId, tenantId), isNull(units.parentId)));
  if (!root) throw new Error('agency has no root unit');
  return root.id;
}
