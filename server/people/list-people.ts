import { asc, eq } from 'drizzle-orm';
import { memberships, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

export async function listPeople(tx: TenantTx, tenantId: string) {
  const [people, roleRows] = await Promise.all([
    tx.select({
      id: users.id, username: users.username, fullNameTh: users.fullNameTh, fullNameEn: users.fullNameEn,
      position: users.position, email: users.email, status: users.status, clearance: users.clearance,
      classifiedAppointed: users.classifiedAppointed,
    }).from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.fullNameTh)),
    tx.select({ userId: memberships.userId, unitId: memberships.unitId, role: memberships.role })
      .from(memberships).where(eq(memberships.tenantId, tenantId)),
  ]);
  return people.map((p) => ({
    ...p,
    memberships: roleRows.filter((m) => m.userId === p.id).map(({ unitId, role }) => ({ unitId, role })),
  }));
}
