import type { AuditAction, AuditTarget } from '@/core/audit';
import { type SQL, sql } from 'drizzle-orm';
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
  await insertAuditRows(tx, entries.map((entry) => auditRow(tenantId, entry)));
}

/**
 * The one insert into the audit log. It names only the columns the app roles may write: the
 * time is the server's (the column's default) and the place in the chain the sealer's.
 */
export async function insertAuditRows(tx: { execute: (query: SQL) => Promise<unknown> }, rows: ReadonlyArray<ReturnType<typeof auditRow>>) {
  if (rows.length === 0) return;
  await tx.execute(sql`insert into audit_log (tenant_id, actor_kind, actor_id, actor_name, action, target_type, target_id, data, ip) values ${sql.join(rows.map((r) =>
    sql`(${r.tenant_id}, ${r.actor_kind}, ${r.actor_id}, ${r.actor_name}, ${r.action}, ${r.target_type}, ${r.target_id}, ${JSON.stringify(r.data)}::jsonb, ${r.ip})`), sql`, `)}`);
}
