import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { letters, units, waitingLetters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { enqueue } from '@/server/queue/enqueue';
import { AppError } from '@/core/errors';

export const returnLetterInput = z.object({
  letterId: z.uuid(),
  reason: z.string().trim().min(1).max(1000),
  /** Passed to the registry of this unit instead of going back to the sender. */
  toUnitId: z.uuid().nullable().default(null),
});

/**
 * ส่งคืน: a waiting letter of the acting unit leaves its waiting list unregistered, with the reason.
 * Back to its sender: a letter from another agency on the platform shows "returned" with the
 * reason on the sender's delivery record, one from an e-mail address gets an e-mail saying so
 * (background jobs, after the commit), a paper one is handed back by hand. Or to the registry of
 * the unit it was meant for, whose waiting list it joins (never a classified letter: its keys are
 * its readers'). Each is on the letter's timeline.
 */
export async function returnWaitingLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof returnLetterInput>) {
  const tenantId = viewer.tenant.id;
  const unitId = viewer.actingUnitId;
  if (!unitId) throw new AppError('forbidden');
  const [letter] = await tx.select({ id: letters.id, channel: letters.channel, replyTo: letters.replyTo, secrecy: letters.secrecy, sealed: sql<boolean>`${letters.sealedDetails} is not null` })
    .from(waitingLetters)
    .innerJoin(letters, and(eq(letters.tenantId, waitingLetters.tenantId), eq(letters.id, waitingLetters.letterId)))
    .where(and(eq(waitingLetters.tenantId, tenantId), eq(waitingLetters.letterId, input.letterId), eq(waitingLetters.unitId, unitId)));
  if (!letter) throw new AppError('not_waiting');
  const actor = actorOf(viewer);

  if (input.toUnitId) {
    if (letter.secrecy !== 'normal' || letter.sealed) throw new AppError('classified_route_unit_refused');
    const [to] = await tx.select({ nameTh: units.nameTh }).from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, input.toUnitId), eq(units.active, true)));
    if (!to || input.toUnitId === unitId) throw new AppError('unit_invalid');
    const [{ passed }] = await tx.execute<{ passed: boolean }>(sql`select app_pass_waiting_letter(${letter.id}, ${unitId}, ${input.toUnitId}) as passed`) as unknown as [{ passed: boolean }];
    if (!passed) throw new AppError('not_waiting');
    await recordAudit(tx, tenantId, { actor, action: 'letter.passed', targetType: 'letter', targetId: letter.id, data: { reason: input.reason, toUnitId: input.toUnitId, toUnit: to.nameTh } });
    return { passedTo: to.nameTh };
  }

  // Taking it off the waiting list is what makes a colleague's registration or return of it at the same moment refused.
  const claimed = await tx.delete(waitingLetters).where(and(eq(waitingLetters.tenantId, tenantId), eq(waitingLetters.letterId, letter.id), eq(waitingLetters.unitId, unitId)))
    .returning({ id: waitingLetters.letterId });
  if (claimed.length === 0) throw new AppError('not_waiting');
  await tx.update(letters).set({ returnedAt: new Date(), returnedReason: input.reason }).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letter.id)));
  if (letter.channel === 'platform') await enqueue(tx, 'delivery.report-return', { letterId: letter.id }, { jobKey: `return:${letter.id}` });
  else if (letter.channel === 'exchange') await enqueue(tx, 'exchange.return', { letterId: letter.id }, { jobKey: `exchange-return:${letter.id}`, maxAttempts: 8 });
  else if (letter.replyTo) await enqueue(tx, 'letter.return-notice', { letterId: letter.id }, { jobKey: `return-notice:${letter.id}` });
  await recordAudit(tx, tenantId, { actor, action: 'letter.returned', targetType: 'letter', targetId: letter.id, data: { reason: input.reason, channel: letter.channel } });
  return { passedTo: null };
}
