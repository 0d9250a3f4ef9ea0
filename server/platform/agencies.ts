import { asc, eq } from 'drizzle-orm';
import { platformPool } from '@/db/client';
import { tenants } from '@/db/schema';

/** The tenant behind a sign-in code, whatever its status (the caller decides). */
export async function findAgencyByCode(code: string) {
  const { db } = platformPool();
  const [row] = await db
    .select({ id: tenants.id, status: tenants.status })
    .from(tenants)
    .where(eq(tenants.code, code.trim().toLowerCase()))
    .limit(1);
  return row ?? null;
}

/** The active agencies, for platform-wide scheduled work that then runs agency by agency. */
export async function listActiveAgencyIds() {
  const { db } = platformPool();
  return db.select({ id: tenants.id }).from(tenants).where(eq(tenants.status, 'active')).orderBy(asc(tenants.id));
}

/** For operators: every agency with its provisioning facts (no letter data exists here). */
export async function listAgenciesForOperator() {
  const { db } = platformPool();
  return db
    .select({
      id: tenants.id, code: tenants.code, nameTh: tenants.nameTh, nameEn: tenants.nameEn,
      ministryCode: tenants.ministryCode, ownerNumber: tenants.ownerNumber,
      status: tenants.status, createdAt: tenants.createdAt,
    })
    .from(tenants)
    .orderBy(asc(tenants.nameTh));
}

/** An agency's public facts by id (a delivery checks its recipient still exists and is active). */
export async function findAgencyById(id: string) {
  const { db } = platformPool();
  const [row] = await db.select({ id: tenants.id, nameTh: tenants.nameTh, status: tenants.status }).from(tenants).where(eq(tenants.id, id)).limit(1);
  return row ?? null;
}
