import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenancy';

/**
 * A registry officer's check of the electronic inbox (electronic rule 4.1.2: at least
 * twice each working day, morning and afternoon), recorded when they open the list of
 * letters waiting to be registered.
 */
export const inboxChecks = pgTable('inbox_checks', {
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id),
  id: uuid('id').notNull(),
  userId: uuid('user_id').notNull(),
  userName: text('user_name').notNull(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  index('inbox_checks_time_idx').on(t.tenantId, t.checkedAt),
]);
