import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { letters, registerEntries, waitingLetters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { refuseIfHeld } from '@/server/keeping/held';

export const cancelRegistrationInput = z.object({
  registerId: z.uuid(),
  year: z.number().int().min(2000).max(2200),
  number: z.number().int().positive(),
  reason: z.string().trim().min(3).max(500),
});

/**
 * A mistaken registration is cancelled with a reason: its line stays in the register
 * with its number, which is never issued again; the letter waits to be registered anew.
 */
export async function cancelRegistration(tx: TenantTx, viewer: Viewer, input: z.infer<typeof cancelRegistrationInput>) {
  const tenantId = viewer.tenant.id;
  const key = and(eq(registerEntries.tenantId, tenantId), eq(registerEntries.registerId, input.registerId),
    eq(registerEntries.year, input.year), eq(registerEntries.number, input.number));
  const [entry] = await tx.select().from(registerEntries).where(key);
  if (!entry) throw new AppError('not_found');
  if (entry.cancelledAt) throw new AppError('already_cancelled');
  await refuseIfHeld(tx, tenantId, entry.letterId);
  await tx.update(registerEntries).set({ cancelledAt: new Date(), cancelledBy: viewer.user.id, cancelReason: input.reason })
    .where(and(key, isNull(registerEntries.cancelledAt)));
  const [letter] = await tx.select({ unitId: letters.unitId }).from(letters)
    .where(and(eq(letters.tenantId, tenantId), eq(letters.id, entry.letterId)));
  // Back in its unit's waiting list, to be registered again under a new number.
  await tx.insert(waitingLetters).values({ tenantId, letterId: entry.letterId, unitId: letter!.unitId });
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'letter.registration_cancelled', targetType: 'letter', targetId: entry.letterId,
    data: { registerId: input.registerId, year: input.year, number: input.number, reason: input.reason },
  });
}
