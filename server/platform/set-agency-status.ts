import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { platformPool } from '@/db/client';
import { platformAuditLog, tenants } from '@/db/schema';
import { auditRow, insertAuditRows } from '@/server/audit/record-audit';
import { AppError } from '@/core/errors';

export const setAgencyStatusInput = z.object({ agencyId: z.uuid(), status: z.enum(['active', 'disabled']) });

/**
 * Suspends or restores an agency. Suspended: nobody can sign in, open sessions end at
 * their next request, and it leaves the directory; its data is untouched.
 */
export async function setAgencyStatus(operator: { id: string; fullName: string }, input: z.infer<typeof setAgencyStatusInput>) {
  const { db } = platformPool();
  await db.transaction(async (tx) => {
    const changed = await tx.update(tenants).set({ status: input.status }).where(eq(tenants.id, input.agencyId))
      .returning({ id: tenants.id });
    if (changed.length === 0) throw new AppError('not_found');
    const action = input.status === 'disabled' ? 'agency.disabled' : 'agency.enabled';
    await insertAuditRows(tx, [auditRow(input.agencyId, {
      actor: { kind: 'operator', id: operator.id, name: operator.fullName }, action, targetType: 'tenant', targetId: input.agencyId,
    })]);
    await tx.insert(platformAuditLog).values({ actorKind: 'operator', actorId: operator.id, agencyId: input.agencyId, action });
  });
}
