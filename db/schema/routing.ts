import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { letters } from './letters';
import { users } from './people';
import { tenants, units } from './tenancy';

/**
 * One part of a registered letter's routing (§5.4–5.6): sent to a unit or a person, to
 * act on it or for information. The assignee records what was done and closes the part;
 * the letter is closed when all its parts are closed.
 */
export const letterAssignments = pgTable('letter_assignments', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  letterId: uuid('letter_id').notNull(),
  unitId: uuid('unit_id'),
  userId: uuid('user_id'),
  purpose: text('purpose', { enum: ['action', 'information'] }).notNull(),
  note: text('note').notNull().default(''),
  assignedBy: uuid('assigned_by').notNull(),
  assignedByName: text('assigned_by_name').notNull(),
  assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  closedBy: uuid('closed_by'),
  closedByName: text('closed_by_name'),
  outcome: text('outcome'),
  /** The letter's unit and secrecy, copied by the database when the part is written (its row-level security reads them). */
  letterUnitId: uuid('letter_unit_id'),
  secrecy: text('secrecy'),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [letters.tenantId, letters.id] }),
  foreignKey({ columns: [t.tenantId, t.unitId], foreignColumns: [units.tenantId, units.id] }),
  foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  check('letter_assignments_one_target', sql`(unit_id is null) <> (user_id is null)`),
  index('letter_assignments_letter_idx').on(t.tenantId, t.letterId),
  index('letter_assignments_user_idx').on(t.tenantId, t.userId, t.assignedAt),
  index('letter_assignments_unit_idx').on(t.tenantId, t.unitId, t.assignedAt),
]);

/** เกษียนหนังสือ: an executive's written instruction or opinion on a letter, with name, position and time. */
export const endorsements = pgTable('endorsements', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  letterId: uuid('letter_id').notNull(),
  text: text('text').notNull(),
  authorId: uuid('author_id').notNull(),
  authorName: text('author_name').notNull(),
  authorPosition: text('author_position').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.letterId], foreignColumns: [letters.tenantId, letters.id] }),
  index('endorsements_letter_idx').on(t.tenantId, t.letterId),
]);

/** In-app notifications for one person (a letter routed to them, a reminder, …). */
export const notifications = pgTable('notifications', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull(),
  kind: text('kind', { enum: ['letter_routed', 'inbox_check_reminder', 'draft_to_review', 'draft_returned', 'draft_rejected', 'draft_signed', 'delivery_failed', 'export_ready', 'export_failed', 'letter_finished', 'delivery_returned', 'disposal'] }).notNull(),
  /** The register export a notification is about (export_ready, export_failed). */
  exportId: uuid('export_id'),
  letterId: uuid('letter_id'),
  /** The disposal list a notification is about (disposal). */
  disposalListId: uuid('disposal_list_id'),
  title: text('title').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  index('notifications_user_idx').on(t.tenantId, t.userId, t.createdAt),
]);
