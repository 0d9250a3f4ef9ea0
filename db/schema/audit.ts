import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy';

/**
 * Per-agency append-only audit log. Rows get their order and content in the
 * transaction of the change; `prev_hash`/`hash` are sealed in order afterwards by a
 * job, so appends never wait on a chain lock. Updates are refused by a trigger
 * except that one-time sealing.
 */
export const auditLog = pgTable('audit_log', {
  /**
   * No foreign key to tenants: its check would share-lock the agency's row in every
   * audited transaction (one row for all of an agency's concurrent work). RLS stamps the
   * tenant and agencies are never deleted.
   */
  tenantId: uuid('tenant_id').notNull(),
  id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  actorKind: text('actor_kind', { enum: ['user', 'operator', 'system'] }).notNull(),
  actorId: uuid('actor_id'),
  actorName: text('actor_name').notNull().default(''),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  ip: text('ip'),
  prevHash: text('prev_hash'),
  hash: text('hash'),
  /** Its place in the agency's chain, given by the sealer (server/audit/audit-chain.ts). */
  chainSeq: bigint('chain_seq', { mode: 'number' }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  /** A letter's timeline is its audit entries (created in 0001_rls.sql). */
  index('audit_log_target_idx').on(t.tenantId, t.targetType, t.targetId),
]);

/** The last verification of an agency's audit chain (server/audit/audit-chain.ts), shown on the admin's audit page. */
export const auditChainChecks = pgTable('audit_chain_checks', {
  tenantId: uuid('tenant_id').primaryKey().references(() => tenants.id),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
  entries: bigint('entries', { mode: 'number' }).notNull(),
  headSeq: bigint('head_seq', { mode: 'number' }),
  headHash: text('head_hash'),
  publishedSeq: bigint('published_seq', { mode: 'number' }),
  brokenSeq: bigint('broken_seq', { mode: 'number' }),
  brokenReason: text('broken_reason'),
});
