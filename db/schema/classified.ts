import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { tenants } from './tenancy';

/**
 * A person's key pair for classified letters: the public half, and the private half sealed
 * under their classified passphrase (Argon2id), which the platform never sees. One current
 * key per person; a replaced key stays for the record.
 */
export const personKeys = pgTable('person_keys', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull(),
  publicKey: text('public_key').notNull(),
  sealedPrivateKey: text('sealed_private_key').notNull(),
  salt: text('salt').notNull(),
  opsLimit: integer('ops_limit').notNull(),
  memLimit: integer('mem_limit').notNull(),
  fingerprint: text('fingerprint').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  replacedAt: timestamp('replaced_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ name: 'person_keys_pkey', columns: [t.tenantId, t.id] }),
  uniqueIndex('person_keys_current').on(t.tenantId, t.userId).where(sql`replaced_at is null`),
]);

/** The public half of an agency's recovery key; its private half is kept offline by the agency. */
export const agencyRecoveryKeys = pgTable('agency_recovery_keys', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  publicKey: text('public_key').notNull(),
  fingerprint: text('fingerprint').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdByName: text('created_by_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  replacedAt: timestamp('replaced_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ name: 'agency_recovery_keys_pkey', columns: [t.tenantId, t.id] }),
  uniqueIndex('agency_recovery_keys_current').on(t.tenantId).where(sql`replaced_at is null`),
]);

/**
 * A classified letter's content key wrapped for one holder (a person's key, or the agency's
 * recovery key with no user). A trigger allows it only for a person who may read the letter;
 * withdrawing their clearance deletes it.
 */
export const letterKeys = pgTable('letter_keys', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  letterId: uuid('letter_id').notNull(),
  keyId: uuid('key_id').notNull(),
  userId: uuid('user_id'),
  secrecy: text('secrecy', { enum: ['confidential', 'secret'] }).notNull(),
  wrapped: text('wrapped').notNull(),
  wrappedBy: uuid('wrapped_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ name: 'letter_keys_pkey', columns: [t.tenantId, t.letterId, t.keyId] }),
  index('letter_keys_user').on(t.tenantId, t.userId),
]);

/**
 * The platform's directory of classified keys (public halves only): every agency's people who
 * may be given a classified letter, and its recovery key, readable by every agency so that
 * a letter sent to it can be sealed for them in the sender's browser. Kept by triggers on
 * person_keys, users and agency_recovery_keys, never written by the application.
 */
export const classifiedDirectory = pgTable('classified_directory', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  keyId: uuid('key_id').notNull(),
  /** Null: the agency's recovery key. */
  userId: uuid('user_id'),
  fullNameTh: text('full_name_th').notNull().default(''),
  position: text('position').notNull().default(''),
  clearance: text('clearance', { enum: ['confidential', 'secret'] }).notNull(),
  publicKey: text('public_key').notNull(),
  fingerprint: text('fingerprint').notNull(),
  keyCreatedAt: timestamp('key_created_at', { withTimezone: true }).notNull(),
  /** The person had an earlier key: flagged before anything is wrapped for this one. */
  keyChanged: boolean('key_changed').notNull().default(false),
}, (t) => [
  primaryKey({ name: 'classified_directory_pkey', columns: [t.tenantId, t.keyId] }),
  index('classified_directory_user').on(t.tenantId, t.userId),
]);

/**
 * The ids of an agency's classified letters, drafts and deliveries (kept by triggers): their
 * audit entries belong to the classified-documents registrar's register, and the agency's
 * audit log leaves them out.
 */
export const classifiedTargets = pgTable('classified_targets', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  targetId: text('target_id').notNull(),
}, (t) => [primaryKey({ name: 'classified_targets_pkey', columns: [t.tenantId, t.targetId] })]);
