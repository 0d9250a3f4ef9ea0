import { asc, eq } from 'drizzle-orm';
import { units } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

export async function listUnits(tx: TenantTx, tenantId: string) {
  return tx.select({
    id: units.id, parentId: units.parentId, nameTh: units.nameTh, nameEn: units.nameEn,
    ownerNumber: units.ownerNumber, active: units.active,
  }).from(units).where(eq(units.tenantId, tenantId)).orderBy(asc(units.createdAt), asc(units.nameTh));
}
