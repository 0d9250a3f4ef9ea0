import { sql } from 'drizzle-orm';
import { bigint, boolean, date, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { intakeChannels, secrecies, urgencies } from '@/core/letters';
import { tenants, units } from './tenancy';

/**
 * An incoming letter of an agency. `received_at` is the moment it entered the
 * agency's system, from the server clock: the legal time of receipt (ระเบียบฯ,
 * electronic rules), never changed afterwards.
 */
export const letters = pgTable('letters', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  /** The unit whose waiting list holds it: the agency's root for the central registry. */
  unitId: uuid('unit_id').notNull(),
  channel: text('channel', { enum: intakeChannels }).notNull(),
  /** ที่ — the sender's document number, as printed. */
  documentNumber: text('document_number').notNull(),
  /** ลงวันที่ — the letter's own date. */
  letterDate: date('letter_date', { mode: 'string' }).notNull(),
  fromText: text('from_text').notNull(),
  toText: text('to_text').notNull(),
  subject: text('subject').notNull(),
  urgency: text('urgency', { enum: urgencies }).notNull().default('normal'),
  secrecy: text('secrecy', { enum: secrecies }).notNull().default('normal'),
  remarks: text('remarks').notNull().default(''),
  /**
   * A classified letter's subject and remarks (and its files' names and types), sealed with
   * its content key (core/classified-crypto.ts); `subject` and `remarks` are then empty.
   */
  sealedDetails: text('sealed_details'),
  /** Sent back to its sender from the waiting list (ส่งคืน), and why. */
  returnedAt: timestamp('returned_at', { withTimezone: true }),
  returnedReason: text('returned_reason'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
  /**
   * What identifies the letter at its source, so the same letter arriving twice is one
   * letter: `email:<Message-ID>` for e-mail (whichever way it came in).
   */
  externalRef: text('external_ref'),
  /** Where the receipt goes back to, for a sender outside the platform (an e-mail address). */
  replyTo: text('reply_to'),
  /** For a letter from another agency on the platform: the sender and its delivery record, told of the registration. */
  sourceTenantId: uuid('source_tenant_id'),
  sourceDeliveryId: uuid('source_delivery_id'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.unitId], foreignColumns: [units.tenantId, units.id] }),
  uniqueIndex('letters_external_ref_key').on(t.tenantId, t.externalRef).where(sql`external_ref is not null`),
]);

/**
 * Letters waiting to be registered (รอลงรับ), in the list of one unit. Registering a
 * letter deletes its row here and cancelling the registration puts it back, so the
 * letter row itself is never rewritten by registration (no new row version, no index
 * entry on a shared hot spot).
 */
export const waitingLetters = pgTable('waiting_letters', {
  tenantId: uuid('tenant_id').notNull(),
  letterId: uuid('letter_id').notNull(),
  unitId: uuid('unit_id').notNull(),
  since: timestamp('since', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.letterId] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [letters.tenantId, letters.id] }),
  index('waiting_letters_unit_idx').on(t.tenantId, t.unitId, t.since),
]);

/** The columns of a file kept in object storage (what storage/store-upload.ts returns), for every file table. */
export function storedFileColumns() {
  return {
    objectKey: text('object_key').notNull(),
    fileName: text('file_name').notNull(),
    /** Decided from the file's first bytes, not from its name. */
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  };
}

/**
 * A file of a letter in object storage: `original` (a scan or an attachment as received),
 * `email` (the whole message as received, .eml), `stamped` (a copy with the receipt stamp).
 */
export const letterFiles = pgTable('letter_files', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  letterId: uuid('letter_id').notNull(),
  kind: text('kind', { enum: ['original', 'stamped', 'email'] }).notNull().default('original'),
  /** Ciphertext of a classified letter's file: opened only in a reader's browser. */
  sealed: boolean('sealed').notNull().default(false),
  ...storedFileColumns(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [letters.tenantId, letters.id] }),
  index('letter_files_letter_idx').on(t.tenantId, t.letterId),
]);

/**
 * The text of a letter's file for search: read by OCR in the background, then possibly
 * corrected by an officer. Rows are only added; the newest per file is the current text.
 */
export const letterTexts = pgTable('letter_texts', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  letterId: uuid('letter_id').notNull(),
  fileId: uuid('file_id').notNull(),
  source: text('source', { enum: ['ocr', 'embedded', 'corrected'] }).notNull(),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
  /** The letter's unit and secrecy, copied by the database when the row is written (its row-level security reads them). */
  unitId: uuid('unit_id'),
  secrecy: text('secrecy'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [letters.tenantId, letters.id] }),
  foreignKey({ columns: [t.tenantId, t.fileId], foreignColumns: [letterFiles.tenantId, letterFiles.id] }),
  index('letter_texts_file_idx').on(t.tenantId, t.fileId, t.createdAt),
  index('letter_texts_letter_idx').on(t.tenantId, t.letterId),
]);

/**
 * A recorded correction of a letter's registered details (who, when, why, before and
 * after). Written by a trigger on every update of `letters`, which refuses an update
 * that carries no reason: details change only this way.
 */
export const letterCorrections = pgTable('letter_corrections', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  letterId: uuid('letter_id').notNull(),
  before: jsonb('before').$type<Record<string, string>>().notNull(),
  after: jsonb('after').$type<Record<string, string>>().notNull(),
  reason: text('reason').notNull(),
  correctedBy: uuid('corrected_by'),
  correctedByName: text('corrected_by_name').notNull(),
  correctedAt: timestamp('corrected_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [letters.tenantId, letters.id] }),
  index('letter_corrections_letter_idx').on(t.tenantId, t.letterId),
]);

/**
 * Who a letter has been given to beyond its own unit (need to know): a unit or person it was
 * routed to, a reviewer or signer of an outgoing letter. Kept by database triggers on
 * routing and review; the letters' row-level policies read it.
 */
export const letterReaders = pgTable('letter_readers', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  letterId: uuid('letter_id').notNull(),
  readerId: uuid('reader_id').notNull(),
}, (t) => [primaryKey({ name: 'letter_readers_pkey', columns: [t.tenantId, t.letterId, t.readerId] })]);
