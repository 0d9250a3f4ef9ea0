import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { permissionOverrides } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { findPersonOrThrow } from './find-person';
import type { setPermissionsInput } from './people.schema';

/** Replaces the per-person grants and withdrawals that sit on top of the person's roles. */
export async function setPermissions(tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof setPermissionsInput>) {
  const person = await findPersonOrThrow(tx, tenantId, input.userId);
  await tx.delete(permissionOverrides)
    .where(and(eq(permissionOverrides.tenantId, tenantId), eq(permissionOverrides.userId, person.id)));
  if (input.overrides.length > 0) {
    await tx.insert(permissionOverrides).values(input.overrides.map((o) => ({ tenantId, userId: person.id, ...o })));
  }
  await recordAudit(tx, tenantId, {
    actor, action: 'person.permissions_changed', targetType: 'user', targetId: person.id, data: { overrides: input.overrides },
  });
  return { id: person.id };
}
