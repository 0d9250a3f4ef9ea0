import { boolean, foreignKey, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { outgoingEmailKinds } from '@/core/letters';
import { letters } from './letters';
import { tenants } from './tenancy';

/**
 * Every e-mail the system sent for an agency (acknowledgements, reminders, …): through
 * Resend, or, with no RESEND_API_KEY (the zero-setup mode), kept here only as the
 * local outbox that people open in the browser. `idempotency_key` makes a retried job
 * send once.
 */
export const outgoingEmails = pgTable('outgoing_emails', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  kind: text('kind', { enum: outgoingEmailKinds }).notNull(),
  letterId: uuid('letter_id'),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  html: text('html').notNull(),
  text: text('text').notNull(),
  transport: text('transport', { enum: ['resend', 'smtp', 'local'] }).notNull(),
  providerId: text('provider_id'),
  idempotencyKey: text('idempotency_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [letters.tenantId, letters.id] }),
  uniqueIndex('outgoing_emails_idempotency_key').on(t.tenantId, t.idempotencyKey),
]);

/**
 * An agency's own mail server for sending letters by e-mail (instead of the platform's
 * Resend account). The password is sealed (server/security/secret-box.ts).
 */
export const smtpServers = pgTable('smtp_servers', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id).primaryKey(),
  host: text('host').notNull(),
  port: integer('port').notNull(),
  /** true: TLS from the first byte (465); false: STARTTLS when offered (587/25). */
  secure: boolean('secure').notNull().default(false),
  username: text('username').notNull().default(''),
  passwordSealed: text('password_sealed'),
  fromAddress: text('from_address').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  lastError: text('last_error'),
});
