import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { exchangeArrivals } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { dueShouldTakerStop, enqueueTake, TAKE_ATTEMPTS } from './receive';

const PAGE = 50;

export const keptArrivalsInput = z.object({
  /** After this item (the last of the page before): its time and id. */
  after: z.object({ takenAt: z.iso.datetime(), arrivalId: z.uuid() }).nullable().default(null),
});

/**
 * Items taken from the node and kept here that are not letters yet (being taken, due to be
 * tried again, or given up), oldest first, a page at a time by their index; never the message
 * itself. `givenUp`: the pulls stopped trying it; the admin may try it again.
 */
export async function keptArrivals(tx: TenantTx, tenantId: string, input: z.infer<typeof keptArrivalsInput>) {
  const after = input.after;
  const rows = await tx.select({
    id: exchangeArrivals.id, processId: exchangeArrivals.processId, senderId: exchangeArrivals.senderId, messageId: exchangeArrivals.messageId,
    takenAt: exchangeArrivals.takenAt, attempts: exchangeArrivals.attempts, lastError: exchangeArrivals.lastError, triedAt: exchangeArrivals.triedAt,
  }).from(exchangeArrivals)
    .where(and(eq(exchangeArrivals.tenantId, tenantId), after
      ? or(gt(exchangeArrivals.takenAt, new Date(after.takenAt)), and(eq(exchangeArrivals.takenAt, new Date(after.takenAt)), gt(exchangeArrivals.id, after.arrivalId)))
      : undefined))
    .orderBy(asc(exchangeArrivals.takenAt), asc(exchangeArrivals.id)).limit(PAGE + 1);
  return {
    items: rows.slice(0, PAGE).map((r) => ({ ...r, givenUp: r.attempts >= TAKE_ATTEMPTS })),
    more: rows.length > PAGE,
  };
}

export const arrivalInput = z.object({ arrivalId: z.uuid() });

/** The admin tries a kept item again once the pulls have given up on it (the cause fixed, say): a job takes it now, its tries counted afresh. */
export async function retryArrival(tx: TenantTx, viewer: Viewer, input: z.infer<typeof arrivalInput>) {
  const tenantId = viewer.tenant.id;
  // Its job takes it now; should that job stop first, a pull does a minute on.
  const [row] = await tx.update(exchangeArrivals).set({ attempts: 0, nextTryAt: dueShouldTakerStop() })
    .where(and(eq(exchangeArrivals.tenantId, tenantId), eq(exchangeArrivals.id, input.arrivalId), sql`${exchangeArrivals.attempts} >= ${TAKE_ATTEMPTS}`))
    .returning({ id: exchangeArrivals.id, processId: exchangeArrivals.processId });
  if (!row) {
    const [kept] = await tx.select({ id: exchangeArrivals.id }).from(exchangeArrivals).where(and(eq(exchangeArrivals.tenantId, tenantId), eq(exchangeArrivals.id, input.arrivalId)));
    throw new AppError(kept ? 'exchange_arrival_still_trying' : 'not_found');
  }
  await enqueueTake(tx, row.id, `exchange-take:${row.id}:${randomUUID()}`);
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'exchange.arrival_retried', targetType: 'intake', targetId: row.id, data: { processId: row.processId } });
  return { ok: true };
}
