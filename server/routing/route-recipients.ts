import { asc, eq } from 'drizzle-orm';
import { units } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { listActivePeople } from '@/server/people/list-active-people';

/** Whom a letter can be routed to: the agency's units and active people. */
export async function listRouteRecipients(tx: TenantTx, tenantId: string) {
  const [unitRows, people] = await Promise.all([
    tx.select({ id: units.id, nameTh: units.nameTh, parentId: units.parentId }).from(units).where(eq(units.tenantId, tenantId)).orderBy(asc(units.nameTh)),
    listActivePeople(tx, tenantId),
  ]);
  return { units: unitRows, people };
}
