import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { findPersonOrThrow } from './find-person';
import type { updatePersonInput } from './people.schema';

export async function updatePerson(tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof updatePersonInput>) {
  const { userId, ...profile } = input;
  const before = await findPersonOrThrow(tx, tenantId, userId);
  await tx.update(users).set({ ...profile, updatedAt: new Date() })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  await recordAudit(tx, tenantId, {
    actor, action: 'person.updated', targetType: 'user', targetId: userId,
    data: {
      before: { fullNameTh: before.fullNameTh, fullNameEn: before.fullNameEn, position: before.position, email: before.email },
      after: profile,
    },
  });
  return { id: userId };
}
