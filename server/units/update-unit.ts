import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { units } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { AppError } from '@/core/errors';
import { findUnitOrThrow } from './find-unit';
import { listUnits } from './list-units';
import type { updateUnitInput } from './units.schema';

/** Renames or moves a unit; the agency's root stays the root and no unit may sit under itself. */
export async function updateUnit(tx: TenantTx, tenantId: string, actor: AuditActor, input: z.infer<typeof updateUnitInput>) {
  const unit = await findUnitOrThrow(tx, tenantId, input.unitId);
  // The root unit is the agency itself: it cannot be moved, and nothing else can become a root.
  if ((unit.parentId === null) !== (input.parentId === null)) throw new AppError('unit_move_invalid');
  if (input.parentId) await findUnitOrThrow(tx, tenantId, input.parentId);
  if (unit.parentId === null && !input.active) throw new AppError('unit_move_invalid');
  const all = await listUnits(tx, tenantId);
  const parentOf = new Map(all.map((u) => [u.id, u.parentId]));
  for (let cursor: string | null = input.parentId; cursor; cursor = parentOf.get(cursor) ?? null) {
    if (cursor === unit.id) throw new AppError('unit_move_invalid');
  }
  await tx.update(units).set({
    parentId: input.parentId, nameTh: input.nameTh, nameEn: input.nameEn,
    ownerNumber: input.ownerNumber || null, active: input.active,
  }).where(and(eq(units.tenantId, tenantId), eq(units.id, unit.id)));
  await recordAudit(tx, tenantId, {
    actor, action: 'unit.updated', targetType: 'unit', targetId: unit.id,
    data: { before: { nameTh: unit.nameTh, parentId: unit.parentId, active: unit.active }, after: input },
  });
  return { id: unit.id };
}
