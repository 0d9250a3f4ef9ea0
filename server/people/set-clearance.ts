import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { findPersonOrThrow } from './find-person';
import type { setClearanceInput } from './people.schema';

/** Secrecy clearance and appointment for classified work (Official Secrets Regulation 2544). */
export async function setClearance(tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof setClearanceInput>) {
  const person = await findPersonOrThrow(tx, tenantId, input.userId);
  await tx.update(users).set({
    clearance: input.clearance, classifiedAppointed: input.classifiedAppointed, updatedAt: new Date(),
  }).where(and(eq(users.tenantId, tenantId), eq(users.id, person.id)));
  await recordAudit(tx, tenantId, {
    actor, action: 'person.clearance_changed', targetType: 'user', targetId: person.id,
    data: {
      before: { clearance: person.clearance, classifiedAppointed: person.classifiedAppointed },
      after: { clearance: input.clearance, classifiedAppointed: input.classifiedAppointed },
    },
  });
  return { id: person.id };
}
