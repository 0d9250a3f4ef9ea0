import { and, asc, eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

/** The agency's active people by name: whom a letter is routed to, who reviews and signs. */
export function listActivePeople(tx: TenantTx, tenantId: string) {
  return tx.select({ id: users.id, fullNameTh: users.fullNameTh, position: users.position }).from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.status, 'active'))).orderBy(asc(users.fullNameTh));
}
