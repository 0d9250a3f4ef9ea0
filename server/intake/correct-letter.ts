import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { letterCorrections, letters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { todayInBangkok } from '@/server/shared/letter-date';
import { recordPaperLetterInput } from './record-paper-letter.schema';

export const correctLetterInput = recordPaperLetterInput
  .pick({ documentNumber: true, letterDate: true, fromText: true, toText: true, subject: true, remarks: true })
  .extend({ letterId: z.uuid(), documentNumber: z.string().trim().max(100), reason: z.string().trim().min(3).max(500) });

/**
 * A recorded correction of a letter's details (ที่, ลงวันที่, จาก, ถึง, เรื่อง, หมายเหตุ): the
 * database keeps before, after, who and why (trigger on letters), and the timeline shows it.
 */
export async function correctLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof correctLetterInput>) {
  if (input.letterDate > todayInBangkok()) throw new AppError('date_in_future');
  const tenantId = viewer.tenant.id;
  // A sealed letter's details are corrected only by sealing them again in a key holder's browser (not offered yet).
  const [target] = await tx.select({ sealed: sql<boolean>`${letters.sealedDetails} is not null` }).from(letters)
    .where(and(eq(letters.tenantId, tenantId), eq(letters.id, input.letterId)));
  if (!target) throw new AppError('not_found');
  if (target.sealed) throw new AppError('classified_sealed_required');
  await tx.execute(sql`select set_config('app.correction_reason', ${input.reason}, true), set_config('app.user_name', ${viewer.user.fullNameTh}, true)`);
  const { letterId, reason, ...details } = input;
  const changed = await tx.update(letters).set(details)
    .where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId))).returning({ id: letters.id });
  if (changed.length === 0) throw new AppError('not_found');
  const [correction] = await tx.select().from(letterCorrections)
    .where(and(eq(letterCorrections.tenantId, tenantId), eq(letterCorrections.letterId, letterId))).orderBy(desc(letterCorrections.correctedAt)).limit(1);
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'letter.corrected', targetType: 'letter', targetId: letterId,
    data: { reason, before: correction?.before ?? {}, after: correction?.after ?? {} },
  });
  return { ok: true };
}
