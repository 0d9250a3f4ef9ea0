import { and, asc, eq, exists, gte, ilike, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { letters, letterTexts, registerEntries, registers } from '@/db/schema';
import { urgencies } from '@/core/letters';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { listAssignments } from '@/server/routing/letter-views';
import { formatDate } from '@/server/shared/thai-date';
import { letterDateIso } from '@/server/intake/record-paper-letter.schema';
import { listSendRegisterEntries } from '@/server/sending/send-register';

export const listRegisterInput = z.object({
  registerId: z.uuid(),
  /** Buddhist-era year, as the register is printed (ปี พ.ศ.). */
  yearBe: z.number().int().min(2500).max(2800),
  /** One day (ISO, Asia/Bangkok) or the whole year. */
  day: letterDateIso.optional(),
  /** Words in เรื่อง, จาก, ถึง, ที่, or the text read from the letter's files. */
  text: z.string().trim().max(200).optional(),
  urgency: z.enum(urgencies).optional(),
});

/** A LIKE pattern matching the text literally (%, _ and \ typed by people mean themselves). */
function containing(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The registers the acting unit keeps. */
export async function listRegisters(tx: TenantTx, viewer: Viewer) {
  if (!viewer.actingUnitId) return [];
  return tx.select({ id: registers.id, kind: registers.kind, classified: registers.classified, nameTh: registers.nameTh })
    .from(registers)
    .where(and(eq(registers.tenantId, viewer.tenant.id), eq(registers.unitId, viewer.actingUnitId)))
    .orderBy(asc(registers.kind), asc(registers.classified));
}

/**
 * ทะเบียนหนังสือรับ with the regulation's columns: เลขทะเบียนรับ, ที่, ลงวันที่, จาก, ถึง,
 * เรื่อง, การปฏิบัติ, หมายเหตุ. Cancelled lines stay, marked with their reason.
 */
export async function listRegister(tx: TenantTx, viewer: Viewer, input: z.infer<typeof listRegisterInput>) {
  const [register] = await tx.select().from(registers)
    .where(and(eq(registers.tenantId, viewer.tenant.id), eq(registers.id, input.registerId)));
  if (!register) throw new AppError('not_found');
  const year = input.yearBe - 543;
  if (register.kind !== 'receive') {
    const entries = await listSendRegisterEntries(tx, viewer.tenant.id, viewer.tenant.nameTh, viewer.tenant.settings.thaiDigits,
      { registerId: register.id, year, day: input.day, text: input.text, urgency: input.urgency }, containing);
    return { register: { id: register.id, nameTh: register.nameTh, kind: register.kind, classified: register.classified }, yearBe: input.yearBe, entries };
  }
  const dayFilter = input.day
    ? and(gte(registerEntries.registeredAt, new Date(`${input.day}T00:00:00+07:00`)),
        lt(registerEntries.registeredAt, new Date(new Date(`${input.day}T00:00:00+07:00`).getTime() + 86_400_000)))
    : undefined;
  const textFilter = input.text
    ? or(...[letters.subject, letters.fromText, letters.toText, letters.documentNumber].map((c) => ilike(c, containing(input.text!))),
      exists(tx.select({ one: sql`1` }).from(letterTexts).where(and(eq(letterTexts.tenantId, letters.tenantId), eq(letterTexts.letterId, letters.id),
        ilike(letterTexts.text, containing(input.text!))))))
    : undefined;
  const urgencyFilter = input.urgency ? eq(letters.urgency, input.urgency) : undefined;
  const rows = await tx.select({
    number: registerEntries.number, registeredAt: registerEntries.registeredAt, registeredByName: registerEntries.registeredByName,
    cancelledAt: registerEntries.cancelledAt, cancelReason: registerEntries.cancelReason, letterId: letters.id,
    documentNumber: letters.documentNumber, letterDate: letters.letterDate, fromText: letters.fromText, toText: letters.toText,
    subject: letters.subject, urgency: letters.urgency, secrecy: letters.secrecy, remarks: letters.remarks,
  })
    .from(registerEntries)
    .innerJoin(letters, and(eq(letters.tenantId, registerEntries.tenantId), eq(letters.id, registerEntries.letterId)))
    .where(and(eq(registerEntries.tenantId, viewer.tenant.id), eq(registerEntries.registerId, register.id), eq(registerEntries.year, year), dayFilter, textFilter, urgencyFilter))
    .orderBy(asc(registerEntries.number));
  const partsByLetter = new Map<string, Awaited<ReturnType<typeof listAssignments>>>();
  for (const part of await listAssignments(tx, viewer.tenant.id, rows.filter((r) => !r.cancelledAt).map((r) => r.letterId))) {
    partsByLetter.set(part.letterId, [...(partsByLetter.get(part.letterId) ?? []), part]);
  }
  return {
    register: { id: register.id, nameTh: register.nameTh, kind: register.kind, classified: register.classified },
    yearBe: input.yearBe,
    // การปฏิบัติ is derived from the letter's routing: to whom it went and whether the work is done.
    entries: rows.map((r) => ({ ...r, actions: r.cancelledAt ? 'ยกเลิกการลงรับ' : actionsOf(partsByLetter.get(r.letterId) ?? [], viewer.tenant.settings.thaiDigits) })),
  };
}

/** การปฏิบัติ as a registry officer writes it: to whom the letter went, and when the work was finished. */
export function actionsOf(parts: Array<{ targetName: string; purpose: 'action' | 'information'; closedAt: Date | null }>, thaiDigits: boolean) {
  if (parts.length === 0) return 'ลงรับแล้ว';
  const sent = `ส่ง ${parts.map((p) => `${p.targetName} (${p.purpose === 'action' ? 'ดำเนินการ' : 'ทราบ'})`).join(', ')}`;
  const closed = parts.every((p) => p.closedAt)
    ? `; ดำเนินการเสร็จ ${formatDate(new Date(Math.max(...parts.map((p) => p.closedAt!.getTime()))), { style: 'short', thaiDigits })}`
    : '';
  return sent + closed;
}
