import type { z } from 'zod';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { ensureAnAdminRemains } from './ensure-an-admin-remains';
import { findPersonOrThrow } from './find-person';
import type { setMembershipsInput } from './people.schema';
import { replaceMemberships } from './replace-memberships';

export async function setMemberships(tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof setMembershipsInput>) {
  const person = await findPersonOrThrow(tx, tenantId, input.userId);
  const saved = await replaceMemberships(tx, tenantId, person.id, input.memberships);
  await ensureAnAdminRemains(tx, tenantId);
  await recordAudit(tx, tenantId, {
    actor, action: 'person.roles_changed', targetType: 'user', targetId: person.id, data: { memberships: saved },
  });
  return { id: person.id };
}
