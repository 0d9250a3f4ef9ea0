import {
  boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { clearances, permissions, roles, type Clearance, type Permission, type Role } from '@/core/access';
import { tenants, units } from './tenancy';

export { clearances, permissions, roles, type Clearance, type Permission, type Role };

export const users = pgTable('users', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  /** Stored lowercase; unique within the agency. */
  username: text('username').notNull(),
  fullNameTh: text('full_name_th').notNull(),
  fullNameEn: text('full_name_en').notNull().default(''),
  /** ตำแหน่ง, printed under signatures. */
  position: text('position').notNull().default(''),
  email: text('email').notNull().default(''),
  passwordHash: text('password_hash').notNull(),
  status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
  clearance: text('clearance', { enum: clearances }).notNull().default('none'),
  /** Appointed for classified work (ผู้ได้รับแต่งตั้งให้ปฏิบัติงานเกี่ยวกับข้อมูลข่าวสารลับ). */
  classifiedAppointed: boolean('classified_appointed').notNull().default(false),
  /** Bumped on disable, password reset and sign-out everywhere: older sessions stop working. */
  sessionVersion: integer('session_version').notNull().default(1),
  /** The password was issued by an admin (new person, reset) or the platform: its holder must choose their own before anything else. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex('users_username_key').on(t.tenantId, t.username),
]);

/** A role held by a person in a unit; a person may hold roles in several units. */
export const memberships = pgTable('memberships', {
  tenantId: uuid('tenant_id').notNull(),
  userId: uuid('user_id').notNull(),
  unitId: uuid('unit_id').notNull(),
  role: text('role', { enum: roles }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.userId, t.unitId, t.role] }),
  foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.tenantId, t.unitId], foreignColumns: [units.tenantId, units.id] }),
]);

/** A permission granted or withdrawn for one person, on top of what their roles give. */
export const permissionOverrides = pgTable('permission_overrides', {
  tenantId: uuid('tenant_id').notNull(),
  userId: uuid('user_id').notNull(),
  permission: text('permission', { enum: permissions }).notNull(),
  allowed: boolean('allowed').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.userId, t.permission] }),
  foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
]);

/**
 * A signed-in session of a person. The session cookie names its row; the row decides
 * whether the cookie still works (revoked at sign-out, ends at `endsAt`, or after the
 * idle time since `lastSeenAt`).
 */
export const userSessions = pgTable('user_sessions', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  address: text('address'),
}, (t) => [
  primaryKey({ name: 'user_sessions_pkey', columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'user_sessions_user_fk', columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  index('user_sessions_user').on(t.tenantId, t.userId),
]);

/**
 * A request to raise a person's secrecy clearance or appoint them to classified work,
 * which takes effect only when someone else approves it (the head of agency or the
 * classified-documents registrar; enforced by database triggers).
 */
export const clearanceRequests = pgTable('clearance_requests', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull(),
  clearance: text('clearance', { enum: clearances }).notNull(),
  classifiedAppointed: boolean('classified_appointed').notNull(),
  requestedBy: uuid('requested_by').notNull(),
  requestedByName: text('requested_by_name').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  state: text('state', { enum: ['pending', 'approved', 'rejected', 'withdrawn'] }).notNull().default('pending'),
  decidedBy: uuid('decided_by'),
  decidedByName: text('decided_by_name'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  reason: text('reason'),
}, (t) => [
  primaryKey({ name: 'clearance_requests_pkey', columns: [t.tenantId, t.id] }),
  foreignKey({ name: 'clearance_requests_user_fk', columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
]);
