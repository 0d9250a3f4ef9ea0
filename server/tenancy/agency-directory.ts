import { asc, eq, inArray } from 'drizzle-orm';
import { agencyDirectory } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

const publicFacts = {
  id: agencyDirectory.id, code: agencyDirectory.code, nameTh: agencyDirectory.nameTh, nameEn: agencyDirectory.nameEn,
  ministryCode: agencyDirectory.ministryCode, ownerNumber: agencyDirectory.ownerNumber, status: agencyDirectory.status,
};

/** Agencies on the platform that can receive letters, read inside the agency's own transaction. */
export function listAgencyDirectory(tx: TenantTx) {
  return tx.select(publicFacts).from(agencyDirectory).where(eq(agencyDirectory.status, 'active')).orderBy(asc(agencyDirectory.nameTh));
}

/** Several agencies' public facts, whatever their status (sending checks every recipient before anything is queued). */
export async function findDirectoryEntries(tx: TenantTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx.select(publicFacts).from(agencyDirectory).where(inArray(agencyDirectory.id, [...new Set(ids)]));
}
