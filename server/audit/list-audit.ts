import { and, desc, eq, lt, notExists, notLike, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog, classifiedTargets } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

export const listAuditInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.number().int().positive().nullish(),
});

/**
 * Newest first, paged by id. Acts on classified letters (and their drafts and deliveries) are in
 * the registrar's own register (server/classified/access-register.ts), not here: the admin learns
 * nothing of their existence.
 */
export async function listAudit(tx: TenantTx, tenantId: string, input: z.infer<typeof listAuditInput>) {
  return tx.select({
    id: auditLog.id, occurredAt: auditLog.occurredAt, actorKind: auditLog.actorKind, actorName: auditLog.actorName,
    action: auditLog.action, targetType: auditLog.targetType, targetId: auditLog.targetId, data: auditLog.data,
  })
    .from(auditLog)
    .where(and(
      eq(auditLog.tenantId, tenantId), notLike(auditLog.action, sql`'classified.%'`), input.cursor ? lt(auditLog.id, input.cursor) : undefined,
      notExists(tx.select({ one: sql`1` }).from(classifiedTargets).where(and(eq(classifiedTargets.tenantId, auditLog.tenantId), eq(classifiedTargets.targetId, auditLog.targetId)))),
    ))
    .orderBy(desc(auditLog.id))
    .limit(input.limit);
}
