import { and, desc, eq, like, lt, sql } from 'drizzle-orm';
import { AppError } from '@/core/errors';
import { auditLog } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { listAuditInput } from '@/server/audit/list-audit';
import { mayApproveClearance } from '@/server/people/decide-clearance';

export const accessRegisterInput = listAuditInput;

/**
 * The classified-documents registrar's register (the head of agency sees it too): every
 * act on classified letters and keys, newest first, paged by a partial index. An entry
 * names who, what, when, from where and which letter, never what the letter says.
 */
export async function listClassifiedAccess(tx: TenantTx, viewer: Viewer, input: { limit: number; cursor?: number | null }) {
  if (!mayApproveClearance(viewer)) throw new AppError('classified_recovery_forbidden');
  return tx.select({
    id: auditLog.id, occurredAt: auditLog.occurredAt, actorName: auditLog.actorName, action: auditLog.action,
    targetType: auditLog.targetType, targetId: auditLog.targetId, ip: auditLog.ip, data: auditLog.data,
  }).from(auditLog)
    .where(and(eq(auditLog.tenantId, viewer.tenant.id), like(auditLog.action, sql`'classified.%'`), input.cursor ? lt(auditLog.id, input.cursor) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(input.limit);
}
