import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { letters } from './letters';
import { tenants } from './tenancy';

/** An agency's connection to the government exchange node (ECMS), set by its admin; the password sealed. */
export const exchangeConnections = pgTable('exchange_connections', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id).primaryKey(),
  nodeUrl: text('node_url').notNull(),
  username: text('username').notNull(),
  passwordSealed: text('password_sealed').notNull(),
  ministryId: text('ministry_id').notNull(),
  departmentId: text('department_id').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  lastPullAt: timestamp('last_pull_at', { withTimezone: true }),
  lastError: text('last_error'),
  directoryRefreshedAt: timestamp('directory_refreshed_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The exchange's organisations as the agency's node listed them (a cache, searched by name). */
export const exchangeDirectory = pgTable('exchange_directory', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  orgId: text('org_id').notNull(),
  ministryId: text('ministry_id').notNull(),
  name: text('name').notNull(),
  ministryName: text('ministry_name').notNull().default(''),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.orgId] }),
  index('exchange_directory_name_idx').on(t.tenantId, t.name),
]);

/** A letter that came through the exchange: the message it came in, so notices go back to its sender; once per message id. */
export const exchangeInbound = pgTable('exchange_inbound', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  letterId: uuid('letter_id').notNull(),
  messageId: text('message_id').notNull(),
  letterNumber: text('letter_number').notNull(),
  senderMinistryId: text('sender_ministry_id').notNull(),
  senderDepartmentId: text('sender_department_id').notNull(),
  signerSubject: text('signer_subject'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.letterId] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [letters.tenantId, letters.id] }).onDelete('cascade'),
  uniqueIndex('exchange_inbound_message_key').on(t.tenantId, t.senderDepartmentId, t.messageId),
]);

/** A message taken from the node and not yet made a letter (or a notice, or a refusal): kept before it is deleted there. */
export const exchangeArrivals = pgTable('exchange_arrivals', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  processId: text('process_id').notNull(),
  message: text('message').notNull(),
  /** To the millisecond (a page's last time, read back in the browser, finds the next page exactly). */
  takenAt: timestamp('taken_at', { withTimezone: true }).notNull().default(sql`date_trunc('milliseconds', now())`),
  /** The sending organisation and MessageID as the node named them (shown to the admin while it is kept). */
  senderId: text('sender_id'),
  messageId: text('message_id'),
  /** Failed tries of its take job, the last one's reason (an error key, or `exchange_take_failed: …`) and time. */
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  triedAt: timestamp('tried_at', { withTimezone: true }),
  /** When a pull next tries to take it (after a failure, or should the pull that kept it have stopped first); null once given up. */
  nextTryAt: timestamp('next_try_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('exchange_arrivals_process_key').on(t.tenantId, t.processId),
  index('exchange_arrivals_taken').on(t.tenantId, t.takenAt, t.id),
  index('exchange_arrivals_due').on(t.tenantId, t.nextTryAt).where(sql`${t.nextTryAt} is not null`),
]);
