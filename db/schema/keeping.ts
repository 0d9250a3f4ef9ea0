import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { disposalDecisions, disposalStates, letterDirections, retentionClasses, retentionSources } from '@/core/keeping';
import { tenants } from './tenancy';

/** The agency's retention rules (migration 0057): the first that matches a letter, by position, gives its class. */
export const retentionRules = pgTable('retention_rules', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  position: integer('position').notNull(),
  retentionClass: text('retention_class', { enum: retentionClasses }).notNull(),
  direction: text('direction', { enum: letterDirections }),
  letterKind: text('letter_kind'),
  registerKind: text('register_kind'),
  unitId: uuid('unit_id'),
  keywords: text('keywords').array().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ name: 'retention_rules_pkey', columns: [t.tenantId, t.id] })]);

/**
 * How long a letter of record is kept, and whether it is held or destroyed: written by the
 * database when an incoming letter is recorded or a letter is registered (0057_keeping.sql).
 */
export const letterKeeping = pgTable('letter_keeping', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  letterId: uuid('letter_id').notNull(),
  direction: text('direction', { enum: letterDirections }).notNull(),
  keptFrom: date('kept_from', { mode: 'string' }).notNull(),
  retentionClass: text('retention_class', { enum: retentionClasses }).notNull(),
  keepUntil: date('keep_until', { mode: 'string' }),
  keptBy: text('kept_by', { enum: retentionSources }).notNull(),
  ruleId: uuid('rule_id'),
  heldAt: timestamp('held_at', { withTimezone: true }),
  heldReason: text('held_reason'),
  heldByName: text('held_by_name'),
  disposalListId: uuid('disposal_list_id'),
  destroyedAt: timestamp('destroyed_at', { withTimezone: true }),
  destroyedListId: uuid('destroyed_list_id'),
}, (t) => [primaryKey({ name: 'letter_keeping_pkey', columns: [t.tenantId, t.letterId] })]);

/** The yearly disposal list (บัญชีหนังสือขอทำลาย) of one agency for one calendar year (Christian era). */
export const disposalLists = pgTable('disposal_lists', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  year: integer('year').notNull(),
  state: text('state', { enum: disposalStates }).notNull().default('prepared'),
  itemCount: integer('item_count').notNull(),
  decidedCount: integer('decided_count').notNull().default(0),
  destroyedCount: integer('destroyed_count').notNull().default(0),
  preparedAt: timestamp('prepared_at', { withTimezone: true }).notNull().defaultNow(),
  preparedByName: text('prepared_by_name').notNull(),
  appointedAt: timestamp('appointed_at', { withTimezone: true }),
  appointedByName: text('appointed_by_name'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
  submittedByName: text('submitted_by_name'),
  reviewReference: text('review_reference'),
  reviewDate: date('review_date', { mode: 'string' }),
  reviewNote: text('review_note'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  reviewedByName: text('reviewed_by_name'),
  destroyStartedAt: timestamp('destroy_started_at', { withTimezone: true }),
  destroyStartedByName: text('destroy_started_by_name'),
  doneAt: timestamp('done_at', { withTimezone: true }),
  documentVersion: integer('document_version').notNull().default(0),
  /** The list's PDF and workbook as last made (stored objects). */
  documents: jsonb('documents').$type<Record<'pdf' | 'xlsx', { objectKey: string; size: number; sha256: string }>>(),
  documentOfVersion: integer('document_of_version').notNull().default(0),
}, (t) => [primaryKey({ name: 'disposal_lists_pkey', columns: [t.tenantId, t.id] })]);

export const disposalCommittee = pgTable('disposal_committee', {
  tenantId: uuid('tenant_id').notNull(),
  listId: uuid('list_id').notNull(),
  userId: uuid('user_id').notNull(),
  role: text('role', { enum: ['chair', 'member'] }).notNull(),
  name: text('name').notNull(),
  position: text('position').notNull(),
}, (t) => [primaryKey({ name: 'disposal_committee_pkey', columns: [t.tenantId, t.listId, t.userId] })]);

/** One line of a disposal list: the letter as it was when the list was prepared, and what was decided of it. */
export const disposalItems = pgTable('disposal_items', {
  tenantId: uuid('tenant_id').notNull(),
  listId: uuid('list_id').notNull(),
  line: integer('line').notNull(),
  letterId: uuid('letter_id').notNull(),
  direction: text('direction', { enum: letterDirections }).notNull(),
  documentNumber: text('document_number').notNull(),
  letterDate: text('letter_date').notNull(),
  subject: text('subject').notNull(),
  registerLine: text('register_line').notNull(),
  retentionClass: text('retention_class', { enum: retentionClasses }).notNull(),
  keepUntil: date('keep_until', { mode: 'string' }).notNull(),
  decision: text('decision', { enum: disposalDecisions }),
  keepUntilNew: date('keep_until_new', { mode: 'string' }),
  reason: text('reason'),
  decidedByName: text('decided_by_name'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  archivesKeep: boolean('archives_keep').notNull().default(false),
  destroyedAt: timestamp('destroyed_at', { withTimezone: true }),
  skippedReason: text('skipped_reason'),
}, (t) => [primaryKey({ name: 'disposal_items_pkey', columns: [t.tenantId, t.listId, t.line] })]);

/** Objects of destroyed letters still to be removed from the store, once the destruction has committed. */
export const objectRemovals = pgTable('object_removals', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  objectKey: text('object_key').notNull(),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ name: 'object_removals_pkey', columns: [t.tenantId, t.objectKey] })]);

/** An agency's existing archive being brought in (migration 0058): a register file, a ZIP of files, the columns mapped. */
export const archiveImports = pgTable('archive_imports', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  createdBy: uuid('created_by').notNull(),
  createdByName: text('created_by_name').notNull(),
  unitId: uuid('unit_id').notNull(),
  registerKind: text('register_kind', { enum: ['receive', 'send'] }).notNull().default('receive'),
  sheetName: text('sheet_name').notNull(),
  sheetKey: text('sheet_key').notNull(),
  sheetFormat: text('sheet_format', { enum: ['csv', 'xlsx'] }).notNull(),
  zipName: text('zip_name'),
  zipKey: text('zip_key'),
  columns: jsonb('columns').$type<string[]>().notNull(),
  mapping: jsonb('mapping').$type<Record<string, number | null>>(),
  state: text('state', { enum: ['uploaded', 'queued', 'running', 'done', 'failed'] }).notNull().default('uploaded'),
  rowsTotal: integer('rows_total').notNull().default(0),
  rowsDone: integer('rows_done').notNull().default(0),
  rowsImported: integer('rows_imported').notNull().default(0),
  rowsAlready: integer('rows_already').notNull().default(0),
  rowsRefused: integer('rows_refused').notNull().default(0),
  errorKey: text('error_key'),
  errorDetail: text('error_detail'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [primaryKey({ name: 'archive_imports_pkey', columns: [t.tenantId, t.id] })]);

export const archiveImportProblems = pgTable('archive_import_problems', {
  tenantId: uuid('tenant_id').notNull(),
  importId: uuid('import_id').notNull(),
  rowNumber: integer('row_number').notNull(),
  reason: text('reason').notNull(),
  detail: text('detail'),
}, (t) => [primaryKey({ name: 'archive_import_problems_pkey', columns: [t.tenantId, t.importId, t.rowNumber] })]);

/** A transfer of permanent letters 20 years old to the National Archives: its list and content as one ZIP (migration 0058). */
export const archiveTransfers = pgTable('archive_transfers', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  cutoff: date('cutoff', { mode: 'string' }).notNull(),
  requestedBy: uuid('requested_by').notNull(),
  requestedByName: text('requested_by_name').notNull(),
  state: text('state', { enum: ['queued', 'running', 'ready', 'failed'] }).notNull().default('queued'),
  letters: integer('letters').notNull().default(0),
  objectKey: text('object_key'),
  size: bigint('size', { mode: 'number' }),
  sha256: text('sha256'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [primaryKey({ name: 'archive_transfers_pkey', columns: [t.tenantId, t.id] })]);
