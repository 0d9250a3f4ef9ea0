import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { units } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { findUnitOrThrow } from './find-unit';
import type { createUnitInput } from './units.schema';

export async function createUnit(tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof createUnitInput>) {
  await findUnitOrThrow(tx, tenantId, input.parentId);
  const id = randomUUID();
  await tx.insert(units).values({
    tenantId, id, parentId: input.parentId, nameTh: input.nameTh, nameEn: input.nameEn,
    ownerNumber: input.ownerNumber || null,
  });
  await recordAudit(tx, tenantId, { actor, action: 'unit.created', targetType: 'unit', targetId: id, data: input });
  return { id };
}
