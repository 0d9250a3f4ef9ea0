import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { AppError } from '@/core/errors';
import { ensureAnAdminRemains } from './ensure-an-admin-remains';
import { findPersonOrThrow } from './find-person';
import type { setPersonStatusInput } from './people.schema';

/** Disabling ends the person's sessions at their next request (session version bump). */
export async function setPersonStatus(tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof setPersonStatusInput>) {
  const person = await findPersonOrThrow(tx, tenantId, input.userId);
  if (input.status === 'disabled' && person.id === actor.id) throw new AppError('cannot_disable_self');
  if (person.status === input.status) return { id: person.id };
  await tx.update(users).set({
    status: input.status, updatedAt: new Date(),
    sessionVersion: sql`${users.sessionVersion} + 1`,
  }).where(and(eq(users.tenantId, tenantId), eq(users.id, person.id)));
  if (input.status === 'disabled') await ensureAnAdminRemains(tx, tenantId);
  await recordAudit(tx, tenantId, {
    actor, action: input.status === 'disabled' ? 'person.disabled' : 'person.enabled',
    targetType: 'user', targetId: person.id, data: { username: person.username },
  });
  return { id: person.id };
}
