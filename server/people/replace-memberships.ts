import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { memberships, units } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';
import type { membershipInput } from './people.schema';

type MembershipInput = z.infer<typeof membershipInput>;

/** Replaces a person's roles; every unit must belong to this agency (else NOT_FOUND). */
export async function replaceMemberships(tx: TenantTx, tenantId: string, userId: string, list: MembershipInput[]) {
  const unique = [...new Map(list.map((m) => [`${m.unitId}:${m.role}`, m])).values()];
  const unitIds = [...new Set(unique.map((m) => m.unitId))];
  const found = await tx.select({ id: units.id }).from(units)
    .where(and(eq(units.tenantId, tenantId), inArray(units.id, unitIds)));
  if (found.length !== unitIds.length) throw new AppError('not_found');
  await tx.delete(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  await tx.insert(memberships).values(unique.map((m) => ({ tenantId, userId, unitId: m.unitId, role: m.role })));
  return unique;
}
