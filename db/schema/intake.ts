import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenants, units } from './tenancy';

/**
 * An agency's own mailbox (often the government mail service) polled over IMAP; each
 * new message becomes a letter waiting in `unit_id`. The password is kept encrypted.
 */
export const mailboxes = pgTable('mailboxes', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  unitId: uuid('unit_id').notNull(),
  host: text('host').notNull(),
  port: integer('port').notNull(),
  tls: boolean('tls').notNull(),
  username: text('username').notNull(),
  passwordEncrypted: text('password_encrypted').notNull(),
  folder: text('folder').notNull().default('INBOX'),
  enabled: boolean('enabled').notNull().default(true),
  /** Where polling resumes: messages above last_uid in a folder of this UIDVALIDITY are new. */
  uidValidity: bigint('uid_validity', { mode: 'number' }),
  lastUid: bigint('last_uid', { mode: 'number' }).notNull().default(0),
  lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.unitId], foreignColumns: [units.tenantId, units.id] }),
]);

/**
 * Something that arrived but could not become a letter (an e-mail with too many or
 * unreadable attachments, …): kept so that registry officers see it and can ask the
 * sender again. Nothing of it is stored but this note.
 */
export const intakeRejections = pgTable('intake_rejections', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  unitId: uuid('unit_id').notNull(),
  channel: text('channel', { enum: ['email', 'exchange'] }).notNull(),
  fromText: text('from_text').notNull(),
  subject: text('subject').notNull(),
  /** An error key (errors.<key> in the UI's messages). */
  reason: text('reason').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  externalRef: text('external_ref'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.unitId], foreignColumns: [units.tenantId, units.id] }),
  uniqueIndex('intake_rejections_external_ref_key').on(t.tenantId, t.externalRef).where(sql`external_ref is not null`),
]);
