import { and, desc, eq, lt, notLike, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

export const listAuditInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.number().int().positive().nullish(),
});

/** Newest first, paged by id. Acts on classified letters are in the registrar's own register (server/classified/access-register.ts), not here. */
export async function listAudit(tx: TenantTx, tenantId: string, input: z.infer<typeof listAuditInput>) {
  return tx.select({
    id: auditLog.id, occurredAt: auditLog.occurredAt, actorKind: auditLog.actorKind, actorName: auditLog.actorName,
    action: auditLog.action, targetType: auditLog.targetType, targetId: auditLog.targetId, data: auditLog.data,
  })
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), notLike(auditLog.action, sql`'classified.%'`), input.cursor ? lt(auditLog.id, input.cursor) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(input.limit);
}
