import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { deliveries, letterKeeping, outgoingLetters, outgoingVersions, sendRegisterEntries } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Urgency, Secrecy } from '@/core/letters';
import { formatDate, toThaiDigits } from '@/server/shared/thai-date';
import { daysFilter } from '@/server/registry/register-days';
import { keepingColumns } from '@/server/keeping/held';

type Filters = { registerId: string; year: number; day?: string; until?: string; words?: SQL; urgency?: Urgency; numbers: SQL | undefined; limit: number };

/** What the send register's การปฏิบัติ says: how the letter went to each recipient and where it stands. */
function deliveryNote(ds: Array<{ recipientName: string; channel: string; state: string; receiveNumber: number | null }>, thaiDigits: boolean) {
  if (ds.length === 0) return 'ลงนามแล้ว ยังไม่ได้ส่ง';
  const state = (d: (typeof ds)[number]) => ({
    queued: 'กำลังส่ง', delivered: 'ถึงผู้รับแล้ว', failed: 'ส่งไม่สำเร็จ', returned: 'ผู้รับส่งคืน',
    registered: `ลงรับแล้ว${d.receiveNumber ? ` เลขรับ ${thaiDigits ? toThaiDigits(String(d.receiveNumber)) : d.receiveNumber}` : ''}`,
  } as Record<string, string>)[d.state];
  return ds.map((d) => `${d.channel === 'email' ? 'อีเมล' : 'ระบบ'} ${d.recipientName} (${state(d)})`).join(', ');
}

/** A reserved number's line (จองเลข): why it was taken, and the note it was cancelled with. */
function reservationRemark(state: string, reason: string, note: string | null) {
  return state === 'cancelled' ? `จองเลข: ${reason} · ยกเลิกการจอง: ${note ?? ''}` : `จองเลข: ${reason}`;
}

const reservationAction: Record<string, string> = {
  reserved: 'จองเลขไว้ รอแนบหนังสือที่ลงนามในกระดาษ', paper: 'ลงนามในกระดาษ แนบสำเนาแล้ว', cancelled: 'ยกเลิกการจอง เลขนี้ไม่นำกลับมาใช้',
};

/**
 * The lines of a send register (ทะเบียนหนังสือส่ง, or the circular, order or announcement
 * register) in the same shape as the receive register's: เลขทะเบียนส่ง, ที่, ลงวันที่, จาก,
 * ถึง, เรื่อง, การปฏิบัติ (from the delivery records), หมายเหตุ.
 */
export async function listSendRegisterEntries(tx: TenantTx, tenantId: string, agencyName: string, thaiDigits: boolean, f: Filters) {
  const rows = await tx.select({
    number: sendRegisterEntries.number, registeredAt: sendRegisterEntries.registeredAt, registeredByName: sendRegisterEntries.registeredByName,
    letterId: outgoingLetters.id, documentNumber: outgoingLetters.documentNumber, letterDate: outgoingLetters.letterDate, subject: outgoingLetters.subject,
    urgency: outgoingLetters.urgency, secrecy: outgoingLetters.secrecy, content: outgoingVersions.content, sentAt: outgoingLetters.sentAt,
    supersededReason: outgoingLetters.supersededReason, state: outgoingLetters.state, reservedReason: outgoingLetters.reservedReason,
    reservationNote: outgoingLetters.reservationNote, keeping: keepingColumns,
  }).from(sendRegisterEntries)
    .innerJoin(outgoingLetters, and(eq(outgoingLetters.tenantId, sendRegisterEntries.tenantId), eq(outgoingLetters.id, sendRegisterEntries.outgoingLetterId)))
    .leftJoin(letterKeeping, and(eq(letterKeeping.tenantId, sendRegisterEntries.tenantId), eq(letterKeeping.letterId, sendRegisterEntries.outgoingLetterId)))
    .innerJoin(outgoingVersions, and(eq(outgoingVersions.tenantId, outgoingLetters.tenantId), eq(outgoingVersions.letterId, outgoingLetters.id), eq(outgoingVersions.version, outgoingLetters.version)))
    .where(and(
      eq(sendRegisterEntries.tenantId, tenantId), eq(sendRegisterEntries.registerId, f.registerId), eq(sendRegisterEntries.year, f.year),
      f.day ? and(...daysFilter(sendRegisterEntries.registeredAt, f.day, f.until)) : undefined,
      f.words,
      f.urgency ? eq(outgoingLetters.urgency, f.urgency) : undefined,
      f.numbers,
    ))
    .orderBy(asc(sendRegisterEntries.number))
    .limit(f.limit);
  const sent = rows.length === 0 ? [] : await tx.select({
    letterId: deliveries.outgoingLetterId, recipientName: deliveries.recipientName, channel: deliveries.channel, state: deliveries.state, receiveNumber: deliveries.receiveNumber,
  }).from(deliveries).where(and(eq(deliveries.tenantId, tenantId), inArray(deliveries.outgoingLetterId, rows.map((r) => r.letterId))));
  const byLetter = new Map<string | null, typeof sent>();
  for (const d of sent) byLetter.set(d.letterId, [...(byLetter.get(d.letterId) ?? []), d]);
  return rows.map((r) => {
    const to = r.content.recipients.filter((x) => !x.copy).map((x) => (x.kind === 'email' ? x.name || x.address : x.name));
    return {
      number: r.number, registeredAt: r.registeredAt, registeredByName: r.registeredByName, cancelledAt: null as Date | null, cancelReason: null as string | null, keeping: r.keeping,
      letterId: r.letterId, documentNumber: r.documentNumber ?? '', letterDate: r.letterDate ?? '', fromText: agencyName,
      toText: [r.content.addressee, ...to].filter(Boolean).join(', '), subject: r.subject, urgency: r.urgency as Urgency, secrecy: r.secrecy as Secrecy,
      remarks: r.reservedReason ? reservationRemark(r.state, r.reservedReason, r.reservationNote)
        : r.supersededReason ? `ไม่ได้ส่ง แก้ไขเป็นฉบับใหม่: ${r.supersededReason}` : r.content.recipients.some((x) => x.copy) ? `สำเนาส่ง ${r.content.recipients.filter((x) => x.copy).map((x) => (x.kind === 'email' ? x.address : x.name)).join(', ')}` : '',
      actions: r.reservedReason ? reservationAction[r.state] ?? ''
        : deliveryNote(byLetter.get(r.letterId) ?? [], thaiDigits) + (r.sentAt ? ` ส่งเมื่อ ${formatDate(r.sentAt, { style: 'short', withTime: true, thaiDigits })}` : ''),
    };
  });
}
