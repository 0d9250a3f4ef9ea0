import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { DraftContent } from '@/core/draft-content';
import { letterKinds, outgoingStates, secrecies, urgencies } from '@/core/letters';
import { letters, storedFileColumns } from './letters';
import { registerCounters } from './registry';
import { tenants, units } from './tenancy';


/**
 * A letter the agency writes and sends: drafted (versions kept), reviewed up a chain,
 * signed (document number, signed PDF, PAdES), then sent. Once signed, the database
 * refuses any change to what was signed (a trigger): a change is a new letter.
 */
export const outgoingLetters = pgTable('outgoing_letters', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  /** ส่วนราชการเจ้าของเรื่อง: its send register numbers the letter. */
  unitId: uuid('unit_id').notNull(),
  kind: text('kind', { enum: letterKinds }).notNull(),
  subject: text('subject').notNull(),
  urgency: text('urgency', { enum: urgencies }).notNull().default('normal'),
  secrecy: text('secrecy', { enum: secrecies }).notNull().default('normal'),
  circular: boolean('circular').notNull().default(false),
  state: text('state', { enum: outgoingStates }).notNull().default('draft'),
  version: integer('version').notNull().default(1),
  /** The incoming letter it answers (อ้างถึง), if any. */
  replyToLetterId: uuid('reply_to_letter_id'),
  createdBy: uuid('created_by').notNull(),
  createdByName: text('created_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  documentNumber: text('document_number'),
  registerId: uuid('register_id'),
  numberYear: integer('number_year'),
  number: integer('number'),
  letterDate: text('letter_date'),
  signedAt: timestamp('signed_at', { withTimezone: true }),
  signedBy: uuid('signed_by'),
  signerName: text('signer_name'),
  signerPosition: text('signer_position'),
  signedSha256: text('signed_sha256'),
  /** The code in the QR printed on the letter: /verify/<code>. */
  verifyCode: text('verify_code'),
  /**
   * A signed letter changed after signing: the new version is a new letter (its own
   * number, signed again) named here; this one is then never sent.
   */
  supersededBy: uuid('superseded_by'),
  supersededReason: text('superseded_reason'),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  sentBy: uuid('sent_by'),
  sentByName: text('sent_by_name'),
  /** A reserved number (จองเลข): why it was taken, and the note it was cancelled with. */
  reservedReason: text('reserved_reason'),
  reservationNote: text('reservation_note'),
  /** A letter imported from the agency's previous system: `import:<register>:<year>:<number>`. */
  externalRef: text('external_ref'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.unitId], foreignColumns: [units.tenantId, units.id] }),
  foreignKey({ columns: [t.tenantId, t.replyToLetterId], foreignColumns: [letters.tenantId, letters.id] }),
  index('outgoing_letters_state_idx').on(t.tenantId, t.state, t.updatedAt),
  uniqueIndex('outgoing_letters_number_key').on(t.tenantId, t.registerId, t.numberYear, t.number).where(sql`number is not null`),
]);

/** Every saved version of a draft, whole. Rows are only added. */
export const outgoingVersions = pgTable('outgoing_versions', {
  tenantId: uuid('tenant_id').notNull(),
  letterId: uuid('letter_id').notNull(),
  version: integer('version').notNull(),
  content: jsonb('content').$type<DraftContent>().notNull(),
  /** A classified letter's content, sealed with its content key; `content` is then its shell (core/draft-content.ts blankContent). */
  sealedContent: text('sealed_content'),
  note: text('note').notNull().default(''),
  createdBy: uuid('created_by').notNull(),
  createdByName: text('created_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.letterId, t.version] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [outgoingLetters.tenantId, outgoingLetters.id] }),
]);

/** Files of an outgoing letter: attachments (สิ่งที่ส่งมาด้วย) and the signed PDF (สำเนาคู่ฉบับ is this file). */
export const outgoingFiles = pgTable('outgoing_files', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  letterId: uuid('letter_id').notNull(),
  kind: text('kind', { enum: ['attachment', 'signed'] }).notNull(),
  /** Ciphertext of a classified letter's file: opened only in a reader's browser. */
  sealed: boolean('sealed').notNull().default(false),
  ...storedFileColumns(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [outgoingLetters.tenantId, outgoingLetters.id] }),
  index('outgoing_files_letter_idx').on(t.tenantId, t.letterId),
]);

/**
 * One step of a draft's review chain (เสนอ → ตรวจ → ลงนาม): reviewers in order, the
 * signer last. A submission is a round; a return or rejection ends the round.
 */
export const reviewSteps = pgTable('review_steps', {
  tenantId: uuid('tenant_id').notNull(),
  letterId: uuid('letter_id').notNull(),
  round: integer('round').notNull(),
  position: integer('position').notNull(),
  action: text('action', { enum: ['review', 'sign'] }).notNull(),
  userId: uuid('user_id').notNull(),
  userName: text('user_name').notNull(),
  userPosition: text('user_position').notNull().default(''),
  state: text('state', { enum: ['waiting', 'current', 'approved', 'returned', 'rejected', 'cancelled'] }).notNull(),
  reason: text('reason'),
  actedAt: timestamp('acted_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.letterId, t.round, t.position] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [outgoingLetters.tenantId, outgoingLetters.id] }),
  index('review_steps_current_idx').on(t.tenantId, t.userId).where(sql`state = 'current'`),
]);

/** A reviewer's comment on a version of a draft. */
export const draftComments = pgTable('draft_comments', {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
  letterId: uuid('letter_id').notNull(),
  version: integer('version').notNull(),
  authorId: uuid('author_id').notNull(),
  authorName: text('author_name').notNull(),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [outgoingLetters.tenantId, outgoingLetters.id] }),
  index('draft_comments_letter_idx').on(t.tenantId, t.letterId),
]);

/** A line of the send register (ทะเบียนหนังสือส่ง), or of the circular, order or announcement register. */
export const sendRegisterEntries = pgTable('send_register_entries', {
  tenantId: uuid('tenant_id').notNull(),
  registerId: uuid('register_id').notNull(),
  year: integer('year').notNull(),
  number: integer('number').notNull(),
  outgoingLetterId: uuid('outgoing_letter_id').notNull(),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  registeredByName: text('registered_by_name').notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.registerId, t.year, t.number] }),
  foreignKey({ name: 'send_register_entries_counter_fk', columns: [t.tenantId, t.registerId, t.year], foreignColumns: [registerCounters.tenantId, registerCounters.registerId, registerCounters.year] }),
  foreignKey({ columns: [t.tenantId, t.outgoingLetterId], foreignColumns: [outgoingLetters.tenantId, outgoingLetters.id] }),
  uniqueIndex('send_register_entries_letter_key').on(t.tenantId, t.outgoingLetterId),
]);

/** The agency's signing certificate and its private key (sealed). One current per agency. */
export const agencyCertificates = pgTable('agency_certificates', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  certificatePem: text('certificate_pem').notNull(),
  privateKeySealed: text('private_key_sealed').notNull(),
  source: text('source', { enum: ['generated', 'imported'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('agency_certificates_current_key').on(t.tenantId).where(sql`retired_at is null`),
]);

/**
 * The platform's public index of signed letters, read by the verification page (no
 * agency scope: anyone holding a letter may check it). Written only through
 * app_publish_signature(); holds no subject or content, only what the QR vouches for.
 */
export const signedDocuments = pgTable('signed_documents', {
  verifyCode: text('verify_code').primaryKey(),
  /** The signing agency (a platform table, like platform_audit_log: not scoped by RLS). */
  agencyId: uuid('agency_id').notNull(),
  agencyName: text('agency_name').notNull(),
  documentNumber: text('document_number').notNull(),
  letterDate: text('letter_date').notNull(),
  signerName: text('signer_name').notNull(),
  signerPosition: text('signer_position').notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  sha256: text('sha256').notNull(),
});
