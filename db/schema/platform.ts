import { bigint, boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** People who run the hosted service. They provision agencies and never read letters. */
export const platformOperators = pgTable('platform_operators', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull(),
  fullName: text('full_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
  sessionVersion: integer('session_version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('platform_operators_username_key').on(t.username)]);

/** A signed-in session of a platform operator (see userSessions). */
export const operatorSessions = pgTable('operator_sessions', {
  id: uuid('id').primaryKey(),
  operatorId: uuid('operator_id').notNull().references(() => platformOperators.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  address: text('address'),
});

/**
 * Failed sign-in counters keyed by a hash of (agency code, username): the same
 * throttle applies whether or not the account exists, so it reveals nothing.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Every use of the cross-tenant path that changes something. */
export const platformAuditLog = pgTable('platform_audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  actorKind: text('actor_kind', { enum: ['operator', 'user', 'system'] }).notNull(),
  actorId: uuid('actor_id'),
  /** The agency acted on; this is a platform table, not a tenant-owned one. */
  agencyId: uuid('agency_id'),
  action: text('action').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
});

/** The platform operator's backup schedule and keep policy: one row (server/backup/scheduled-backup.ts). */
export const backupSchedule = pgTable('backup_schedule', {
  id: boolean('id').primaryKey().default(true),
  enabled: boolean('enabled').notNull().default(false),
  directory: text('directory').notNull().default(''),
  hour: integer('hour').notNull().default(2),
  keepDaily: integer('keep_daily').notNull().default(7),
  keepWeekly: integer('keep_weekly').notNull().default(4),
  keepMonthly: integer('keep_monthly').notNull().default(12),
  requestedAt: timestamp('requested_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});

/** Every backup run, scheduled or asked for, with its outcome. */
export const backupRuns = pgTable('backup_runs', {
  id: uuid('id').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  trigger: text('trigger', { enum: ['schedule', 'operator'] }).notNull(),
  state: text('state', { enum: ['running', 'succeeded', 'failed', 'interrupted'] }).notNull().default('running'),
  backupId: text('backup_id'),
  bytes: bigint('bytes', { mode: 'number' }),
  storedBytes: bigint('stored_bytes', { mode: 'number' }),
  objects: integer('objects'),
  removed: integer('removed'),
  error: text('error'),
});
