import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { clearanceRequests, users, type Clearance } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { findPersonOrThrow } from './find-person';
import type { setClearanceInput } from './people.schema';

const rank: Record<Clearance, number> = { none: 0, confidential: 1, secret: 2 };

/** Whether a change gives a person more than they hold: a higher clearance, or the appointment. */
export function raisesClearance(from: { clearance: Clearance; classifiedAppointed: boolean }, to: { clearance: Clearance; classifiedAppointed: boolean }) {
  return rank[to.clearance] > rank[from.clearance] || (to.classifiedAppointed && !from.classifiedAppointed);
}

/**
 * An admin sets a person's secrecy clearance and classified-work appointment (Official
 * Secrets Regulation 2544). Lowering or withdrawing takes effect at once. Raising becomes
 * a request that someone else approves (decide-clearance.ts); until then nothing changes.
 * A newer request replaces a pending one.
 */
export async function setClearance(tx: TenantTx, viewer: Viewer, input: z.infer<typeof setClearanceInput>) {
  const tenantId = viewer.tenant.id;
  const person = await findPersonOrThrow(tx, tenantId, input.userId);
  const actor = actorOf(viewer);
  await tx.update(clearanceRequests).set({ state: 'withdrawn', decidedBy: viewer.user.id, decidedByName: viewer.user.fullNameTh, decidedAt: sql`now()` })
    .where(and(eq(clearanceRequests.tenantId, tenantId), eq(clearanceRequests.userId, person.id), eq(clearanceRequests.state, 'pending')));
  const wanted = { clearance: input.clearance, classifiedAppointed: input.classifiedAppointed };
  if (!raisesClearance(person, wanted)) {
    await applyClearance(tx, tenantId, actor, person, wanted, {});
    return { id: person.id, state: 'applied' as const };
  }
  const requestId = randomUUID();
  await tx.insert(clearanceRequests).values({
    tenantId, id: requestId, userId: person.id, ...wanted, requestedBy: viewer.user.id, requestedByName: viewer.user.fullNameTh,
  });
  await recordAudit(tx, tenantId, {
    actor, action: 'clearance.requested', targetType: 'user', targetId: person.id,
    data: { requestId, before: { clearance: person.clearance, classifiedAppointed: person.classifiedAppointed }, after: wanted },
  });
  return { id: person.id, state: 'pending' as const, requestId };
}

/** Writes the clearance itself (the database refuses a raise without an approval made in this transaction). */
export async function applyClearance(
  tx: TenantTx, tenantId: string, actor: AuditActor,
  person: { id: string; clearance: Clearance; classifiedAppointed: boolean },
  to: { clearance: Clearance; classifiedAppointed: boolean }, approval: Record<string, unknown>,
) {
  await tx.update(users).set({ clearance: to.clearance, classifiedAppointed: to.classifiedAppointed, updatedAt: new Date() })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, person.id)));
  await recordAudit(tx, tenantId, {
    actor, action: 'person.clearance_changed', targetType: 'user', targetId: person.id,
    data: { before: { clearance: person.clearance, classifiedAppointed: person.classifiedAppointed }, after: to, ...approval },
  });
}
