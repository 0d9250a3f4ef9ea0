import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { letterKeeping } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';

/**
 * Refuses a change that would take a held letter's record away (a correction of its details, a
 * cancelled registration) with the person's message; the database refuses it too (0057_keeping.sql).
 */
export async function refuseIfHeld(tx: TenantTx, tenantId: string, letterId: string) {
  const [held] = await tx.select({ at: letterKeeping.heldAt }).from(letterKeeping)
    .where(and(eq(letterKeeping.tenantId, tenantId), eq(letterKeeping.letterId, letterId), isNotNull(letterKeeping.heldAt)));
  if (held) throw new AppError('letter_held');
}

/** What a register line shows of its letter's keeping (joined on letter_keeping): its class, last day, hold and destruction. */
export const keepingColumns = {
  retentionClass: letterKeeping.retentionClass, keepUntil: letterKeeping.keepUntil, held: sql<boolean>`${letterKeeping.heldAt} is not null`,
  destroyed: sql<boolean>`${letterKeeping.destroyedAt} is not null`,
};
