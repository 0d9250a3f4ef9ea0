import { and, eq } from 'drizzle-orm';
import { units } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/server/errors';

/** The unit, or NOT_FOUND (a unit of another agency is simply not found). */
export async function findUnitOrThrow(tx: TenantTx, tenantId: string, unitId: string) {
  const [unit] = await tx.select().from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, unitId))).limit(1);
  if (!unit) throw new AppError('not_found');
  return unit;
}
