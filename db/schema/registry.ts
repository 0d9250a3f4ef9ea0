import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { registerKinds } from '@/core/letters';
import { tenants, units } from './tenancy';


/** A register (ทะเบียนหนังสือรับ/ส่ง) kept by a unit; classified letters have their own register. */
export const registers = pgTable('registers', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  unitId: uuid('unit_id').notNull(),
  kind: text('kind', { enum: registerKinds }).notNull(),
  classified: boolean('classified').notNull().default(false),
  nameTh: text('name_th').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.unitId], foreignColumns: [units.tenantId, units.id] }),
  uniqueIndex('registers_one_per_kind_key').on(t.tenantId, t.unitId, t.kind, t.classified),
]);

/**
 * The last number issued by a register in a calendar year. Incremented inside the
 * registering transaction, so a rolled-back registration leaves no gap and two
 * concurrent ones cannot share a number (ระเบียบฯ: numbers run 1 January – 31 December).
 */
export const registerCounters = pgTable('register_counters', {
  tenantId: uuid('tenant_id').notNull(),
  registerId: uuid('register_id').notNull(),
  /** Christian-era calendar year in Asia/Bangkok (shown as BE). */
  year: integer('year').notNull(),
  lastNumber: integer('last_number').notNull(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.registerId, t.year] }),
  foreignKey({ columns: [t.tenantId, t.registerId], foreignColumns: [registers.tenantId, registers.id] }),
]);

/** One line of a register. A mistaken registration is cancelled with a reason, never renumbered or deleted. */
export const registerEntries = pgTable('register_entries', {
  tenantId: uuid('tenant_id').notNull(),
  registerId: uuid('register_id').notNull(),
  year: integer('year').notNull(),
  number: integer('number').notNull(),
  letterId: uuid('letter_id').notNull(),
  registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  registeredBy: uuid('registered_by').notNull(),
  registeredByName: text('registered_by_name').notNull(),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  cancelledBy: uuid('cancelled_by'),
  cancelReason: text('cancel_reason'),
  /** The letter's unit and secrecy, copied by the database when the line is written (its row-level security reads them). */
  unitId: uuid('unit_id'),
  secrecy: text('secrecy'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.registerId, t.year, t.number] }),
  // No foreign keys: a line is written only by the registration statement, from the
  // counter row it has just advanced (which references the register) and for a letter
  // it has just read under RLS. Counter and letter rows are permanent and their keys never
  // change (neither role may delete them or update a key;
  // tests/integration/row-level-security.test.ts checks this), so the key checks could
  // never fail, and each cost a row lock and a query inside every registration.
  // A letter holds at most one live registration; a cancelled one keeps its line and number.
  uniqueIndex('register_entries_live_letter_key').on(t.tenantId, t.letterId).where(sql`cancelled_at is null`),
]);

/**
 * A register written out as a file (PDF or XLSX) by a background job, for the person who asked:
 * a year of 200,000 lines takes minutes, so the file is made off the request, its progress shown,
 * and it is fetched when ready. Only its requester sees it (RLS); the file is kept EXPORT_KEEP_DAYS.
 */
export const registerExports = pgTable('register_exports', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  requestedBy: uuid('requested_by').notNull(),
  /** The unit the person acted for when asking (the register's listing is made as them, for it). */
  unitId: uuid('unit_id'),
  registerId: uuid('register_id').notNull(),
  yearBe: integer('year_be').notNull(),
  format: text('format', { enum: ['pdf', 'xlsx'] }).notNull(),
  day: text('day'),
  until: text('until'),
  text: text('text'),
  urgency: text('urgency'),
  state: text('state', { enum: ['queued', 'running', 'ready', 'failed', 'expired'] }).notNull().default('queued'),
  /** The register's line number reached, of `linesTotal` (the year's lines): the progress bar. */
  linesDone: integer('lines_done').notNull().default(0),
  linesTotal: integer('lines_total').notNull(),
  fileName: text('file_name').notNull(),
  objectKey: text('object_key'),
  size: bigint('size', { mode: 'number' }),
  sha256: text('sha256'),
  errorKey: text('error_key'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.registerId], foreignColumns: [registers.tenantId, registers.id] }),
  index('register_exports_person_idx').on(t.tenantId, t.requestedBy, t.createdAt),
  index('register_exports_waiting_idx').on(t.tenantId, t.requestedBy).where(sql`state in ('queued', 'running')`),
  index('register_exports_ready_idx').on(t.tenantId, t.finishedAt).where(sql`state = 'ready'`),
]);
