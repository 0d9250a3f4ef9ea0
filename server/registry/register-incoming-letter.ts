import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { letters, registerEntries } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/server/errors';
import { ensureRegister, issueNumber } from './ensure-register';

export const registerIncomingLetterInput = z.object({ letterId: z.uuid() });

/**
 * ลงรับ: a waiting letter gets the next receive number of the acting unit's register
 * (its classified register for ลับ/ลับมาก), with the date and time from the server clock.
 */
export async function registerIncomingLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof registerIncomingLetterInput>) {
  const tenantId = viewer.tenant.id;
  // Row-level security hides a classified letter from anyone without the clearance: NOT_FOUND.
  const [letter] = await tx.select().from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, input.letterId))).for('update');
  if (!letter) throw new AppError('not_found');
  if (letter.status !== 'waiting') throw new AppError('already_registered');
  if (letter.unitId !== viewer.actingUnitId) throw new AppError('not_in_your_unit');

  const register = await ensureRegister(tx, tenantId, letter.unitId, 'receive', letter.secrecy !== 'normal');
  const { year, number, issuedAt } = await issueNumber(tx, tenantId, register.id);
  await tx.insert(registerEntries).values({
    tenantId, registerId: register.id, year, number, letterId: letter.id, registeredAt: issuedAt,
    registeredBy: viewer.user.id, registeredByName: viewer.user.fullNameTh,
  });
  await tx.update(letters).set({ status: 'registered' }).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letter.id)));
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'letter.registered', targetType: 'letter', targetId: letter.id,
    data: { registerId: register.id, year, number },
  });
  return { registerId: register.id, registerName: register.nameTh, year, number, registeredAt: issuedAt };
}
