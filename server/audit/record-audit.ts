import { auditLog } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

export type AuditActor = { kind: 'user' | 'operator' | 'system'; id: string | null; name: string };

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
};

/** Appends to the agency's audit log inside the caller's transaction, so the entry and the change commit together. */
export async function recordAudit(tx: TenantTx, tenantId: string, entry: AuditEntry) {
  await tx.insert(auditLog).values({
    tenantId,
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    data: entry.data ?? {},
    ip: entry.ip ?? null,
  });
}
