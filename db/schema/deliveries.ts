import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy';

/** What is delivered: the letter's details and files as sent (the sender's copy; the recipient gets its own). */
export type DeliveredLetter = {
  documentNumber: string; letterDate: string; fromText: string; toText: string; subject: string;
  urgency: 'normal' | 'urgent' | 'very_urgent' | 'most_urgent'; secrecy: 'normal' | 'confidential' | 'secret';
  files: Array<{ objectKey: string; fileName: string; contentType: string; size: number; sha256: string; id?: string; sealed?: boolean }>;
  /**
   * A classified letter (docs/classified.md): its details sealed with its content key in the
   * sender's browser, bound to `letterId` (the sender's letter id, which the received letter keeps),
   * and that key wrapped for the receiving agency's officers and recovery key. Subject and text are empty.
   */
  seal?: { letterId: string; details: string; keys: Array<{ keyId: string; userId: string | null; wrapped: string }> };
  /** The text of the first file when the sender made it (a letter signed on the platform): the recipient's search uses it, no OCR needed. */
  text?: string;
  /** For the government exchange, whose message names them: who signed, what it refers to and what comes with it. */
  signer?: { name: string; position: string };
  references?: string[];
  enclosures?: string[];
};

/**
 * The sender's record of one letter to one recipient (electronic rule 4.2.2), shared by
 * sending and receiving: queued → delivered (in the recipient's waiting list) →
 * registered (with the recipient's receive number and time), or failed with the reason.
 * Each state has its time; the sender sees them without asking.
 */
export const deliveries = pgTable('deliveries', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  /** The sender's outgoing letter (sending issue), if any. */
  outgoingLetterId: uuid('outgoing_letter_id'),
  channel: text('channel', { enum: ['platform', 'email', 'exchange'] }).notNull(),
  recipientTenantId: uuid('recipient_tenant_id'),
  recipientEmail: text('recipient_email'),
  recipientName: text('recipient_name').notNull(),
  letter: jsonb('letter').$type<DeliveredLetter>().notNull(),
  state: text('state', { enum: ['queued', 'delivered', 'registered', 'failed', 'returned', 'withdrawn'] }).notNull().default('queued'),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  registeredAt: timestamp('registered_at', { withTimezone: true }),
  receiveNumber: integer('receive_number'),
  receiveRegister: text('receive_register'),
  recipientLetterId: uuid('recipient_letter_id'),
  failedAt: timestamp('failed_at', { withTimezone: true }),
  failedReason: text('failed_reason'),
  /** The recipient sent it back (ส่งคืน), and why. */
  returnedAt: timestamp('returned_at', { withTimezone: true }),
  returnedReason: text('returned_reason'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  confirmedByName: text('confirmed_by_name'),
  /** E-mail: how it left (resend, smtp, or the local outbox) and the provider's message id (its webhooks name it). */
  transport: text('transport', { enum: ['resend', 'smtp', 'local'] }),
  providerMessageId: text('provider_message_id'),
  /**
   * The government exchange (docs/exchange.md): the organisation it goes to, the message that
   * carried it (a new one when it is sent again after a withdrawal), the node's id for it, the
   * receiver's register number as its AcceptLetterNotifier gave it, and when it was withdrawn.
   */
  exchangeOrgId: text('exchange_org_id'),
  exchangeMinistryId: text('exchange_ministry_id'),
  exchangeMessageId: text('exchange_message_id'),
  exchangeProcessId: text('exchange_process_id'),
  acceptId: text('accept_id'),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  /** Times the job tried, and the last error (shown while retries go on). */
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  index('deliveries_state_idx').on(t.tenantId, t.state, t.queuedAt),
  index('deliveries_exchange_message_idx').on(t.tenantId, t.exchangeMessageId).where(sql`exchange_message_id is not null`),
  index('deliveries_outgoing_idx').on(t.tenantId, t.outgoingLetterId).where(sql`outgoing_letter_id is not null`),
]);
