import { sql } from 'drizzle-orm';
import {
  bigint, boolean, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { defaultAgencySettings, type AgencySettings } from '@/core/settings';

/** An agency (ส่วนราชการ) hosted on the platform: the tenant itself. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  /** Short sign-in code chosen at creation (e.g. "opm"); lowercase latin. */
  code: text('code').notNull(),
  nameTh: text('name_th').notNull(),
  nameEn: text('name_en').notNull().default(''),
  /** รหัสตัวพยัญชนะ of the ministry or province, e.g. นร, ศธ, มท. */
  ministryCode: text('ministry_code').notNull(),
  /** เลขประจำของเจ้าของเรื่อง of the agency's central registry, e.g. 0105. */
  ownerNumber: text('owner_number').notNull(),
  address: text('address').notNull().default(''),
  phone: text('phone').notNull().default(''),
  email: text('email').notNull().default(''),
  status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
  settings: jsonb('settings').$type<AgencySettings>().notNull().default(defaultAgencySettings),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * Raised (by triggers, in the same transaction) whenever anything a signed-in person's
   * access depends on changes: the agency row, its people, memberships, permission
   * overrides or units. A server may keep a person's loaded access while it is unchanged.
   */
  accessVersion: bigint('access_version', { mode: 'number' }).notNull().default(1),
}, (t) => [uniqueIndex('tenants_code_key').on(t.code)]);

/**
 * The public facts of every agency, kept from `tenants` by a trigger: every agency reads it
 * (to address letters) inside its own transaction. Not tenant-owned: it is the directory.
 */
export const agencyDirectory = pgTable('agency_directory', {
  id: uuid('id').primaryKey().references(() => tenants.id),
  code: text('code').notNull(),
  nameTh: text('name_th').notNull(),
  nameEn: text('name_en').notNull(),
  ministryCode: text('ministry_code').notNull(),
  ownerNumber: text('owner_number').notNull(),
  status: text('status', { enum: ['active', 'disabled'] }).notNull(),
}, (t) => [index('agency_directory_name').on(t.nameTh)]);

/** A unit (กรม → กอง → ฝ่าย, any depth) inside an agency. */
export const units = pgTable('units', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  parentId: uuid('parent_id'),
  nameTh: text('name_th').notNull(),
  nameEn: text('name_en').notNull().default(''),
  /** Overrides the agency's owner number for letters this unit owns (e.g. 0105). */
  ownerNumber: text('owner_number'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
  index('units_parent_idx').on(t.tenantId, t.parentId),
  uniqueIndex('units_one_root_key').on(t.tenantId).where(sql`parent_id is null`),
]);
