import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { letterCorrections, letters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { canOpenSecrecy } from '@/server/auth/permissions';
import { assertSealedNotes, noteField } from '@/server/classified/letter-keys';
import { todayInBangkok } from '@/server/shared/letter-date';
import { recordPaperLetterInput } from './record-paper-letter.schema';
import { refuseIfHeld } from '@/server/keeping/held';

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
  await refuseIfHeld(tx, tenantId, input.letterId);
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

export const correctSealedInput = recordPaperLetterInput
  .pick({ documentNumber: true, letterDate: true, fromText: true, toText: true })
  .extend({
    letterId: z.uuid(),
    documentNumber: z.string().trim().max(100),
    /** The details (subject, remarks, files' names) sealed again in the corrector's browser with the letter's key. */
    sealedDetails: z.string().min(60).max(40_000).regex(/^[A-Za-z0-9+/]+=*$/),
    /** Sealed too: a reason may say what the letter says. */
    reason: noteField(500).pipe(z.string().min(1)),
  });

/**
 * A recorded correction of a classified letter: its clear details as for any letter, its
 * sealed details replaced by what the corrector's browser sealed again; the database keeps
 * both versions (ciphertext) with the sealed reason.
 */
export async function correctSealedLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof correctSealedInput>) {
  if (input.letterDate > todayInBangkok()) throw new AppError('date_in_future');
  const tenantId = viewer.tenant.id;
  const [target] = await tx.select({ secrecy: letters.secrecy, sealed: letters.sealedDetails }).from(letters)
    .where(and(eq(letters.tenantId, tenantId), eq(letters.id, input.letterId)));
  if (!target?.sealed) throw new AppError('not_found');
  if (!canOpenSecrecy(viewer.user, target.secrecy)) throw new AppError('clearance_required');
  await refuseIfHeld(tx, tenantId, input.letterId);
  assertSealedNotes(true, [input.reason]);
  await tx.execute(sql`select set_config('app.correction_reason', ${input.reason}, true), set_config('app.user_name', ${viewer.user.fullNameTh}, true)`);
  const { letterId, reason, ...details } = input;
  await tx.update(letters).set(details).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId)));
  const [correction] = await tx.select().from(letterCorrections)
    .where(and(eq(letterCorrections.tenantId, tenantId), eq(letterCorrections.letterId, letterId))).orderBy(desc(letterCorrections.correctedAt)).limit(1);
  const clear = (side: Record<string, string> | undefined) => Object.fromEntries(Object.entries(side ?? {}).filter(([k]) => k !== 'sealedDetails'));
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'letter.corrected', targetType: 'letter', targetId: letterId,
    // What changed in the clear, and whether the sealed details did (never their text); the reason sealed.
    data: { reason, before: clear(correction?.before), after: clear(correction?.after), sealedChanged: Boolean(correction?.after && 'sealedDetails' in correction.after) },
  });
  return { ok: true };
}
