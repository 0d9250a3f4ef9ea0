import type { AuditAction, AuditTarget } from '@/core/audit';
import { auditLog } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

export type AuditActor = { kind: 'user' | 'operator' | 'system'; id: string | null; name: string };

export type AuditEntry = {
  actor: AuditActor;
  action: AuditAction;
  targetType: AuditTarget;
  targetId?: string | null;
  data?: Record<string, unknown>;
  ip?: string | null;
};

/** The one builder of an audit row (column → value), for every way an entry is written. */
export function auditRow(tenantId: string, entry: AuditEntry) {
  return {
    tenant_id: tenantId,
    actor_kind: entry.actor.kind,
    actor_id: entry.actor.id,
    actor_name: entry.actor.name,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId ?? null,
    data: entry.data ?? {},
    ip: entry.ip ?? null,
  };
}

/** Appends to the agency's audit log inside the caller's transaction, so the entry and the change commit together. */
export async function recordAudit(tx: TenantTx, tenantId: string, entry: AuditEntry) {
  await recordAudits(tx, tenantId, [entry]);
}

/** Several entries in one statement (one per letter of a list page, say). */
export async function recordAudits(tx: TenantTx, tenantId: string, entries: readonly AuditEntry[]) {
  if (entries.length === 0) return;
  await tx.insert(auditLog).values(entries.map((entry) => {
    const row = auditRow(tenantId, entry);
    return {
      tenantId: row.tenant_id, actorKind: row.actor_kind, actorId: row.actor_id, actorName: row.actor_name, action: row.action,
      targetType: row.target_type, targetId: row.target_id, data: row.data, ip: row.ip,
    };
  }));
}
