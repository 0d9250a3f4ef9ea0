import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy';

/**
 * Per-agency append-only audit log. Rows get their order and content in the
 * transaction of the change and are never updated (a trigger refuses it); the job
 * worker seals them in order afterwards into `audit_chain`, so appends never wait on
 * a chain lock.
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

/**
 * The agency's hash chain over its audit log (migration 0045, server/audit/audit-chain.ts): an
 * entry's place, and its hash over its content and the hash of the place before. Insert-only.
 */
export const auditChain = pgTable('audit_chain', {
  tenantId: uuid('tenant_id').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  entryId: bigint('entry_id', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.seq] }),
  uniqueIndex('audit_chain_entry').on(t.tenantId, t.entryId),
]);

/** Where an agency's sealer stands (every entry up to `low_id` is sealed, `top_id` the highest sealed; see migration 0045). */
export const auditChainState = pgTable('audit_chain_state', {
  tenantId: uuid('tenant_id').primaryKey(),
  lowId: bigint('low_id', { mode: 'number' }).notNull().default(0),
  topId: bigint('top_id', { mode: 'number' }).notNull().default(0),
  nextLow: bigint('next_low', { mode: 'number' }),
  waitingFor: text('waiting_for').array(),
});
