import { render, toPlainText } from '@react-email/render';
import { and, eq, isNull } from 'drizzle-orm';
import { createElement } from 'react';
import ReceiptAcknowledgement from '@/emails/receipt-acknowledgement';
import { letters, registerEntries, registers, tenants } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { sendEmail } from '@/server/mail/send-email';
import { formatDate, formatIsoDate, formatTime, toThaiDigits } from '@/server/shared/thai-date';

/**
 * Background job after ลงรับ of a letter from outside the platform (e-mail): the
 * sender is told it was received, with the receive number, date and time. Sent once
 * per registration (a cancelled and re-registered letter is acknowledged again).
 */
export async function acknowledgeReceipt({ tenantId, letterId }: { tenantId: string; letterId: string }) {
  const scope = { tenantId, userId: null, system: true };
  const found = await runInTenant(scope, async (tx) => {
    const [row] = await tx.select({ letter: letters, entry: registerEntries, registerName: registers.nameTh })
      .from(registerEntries)
      .innerJoin(letters, and(eq(letters.tenantId, registerEntries.tenantId), eq(letters.id, registerEntries.letterId)))
      .innerJoin(registers, and(eq(registers.tenantId, registerEntries.tenantId), eq(registers.id, registerEntries.registerId)))
      .where(and(eq(registerEntries.tenantId, tenantId), eq(registerEntries.letterId, letterId), isNull(registerEntries.cancelledAt)));
    const [agency] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    return row && agency ? { ...row, agency } : null;
  });
  if (!found?.letter.replyTo) return;
  const { letter, entry, agency, registerName } = found;
  const thaiDigits = agency.settings.thaiDigits;
  const element = createElement(ReceiptAcknowledgement, {
    agencyName: agency.nameTh,
    agencyContact: [agency.address, agency.phone && `โทร. ${agency.phone}`, agency.email].filter(Boolean).join(' '),
    subject: letter.subject, documentNumber: letter.documentNumber,
    letterDate: letter.letterDate ? formatIsoDate(letter.letterDate, { thaiDigits }) : '',
    receiveNumber: thaiDigits ? toThaiDigits(String(entry.number)) : String(entry.number), registerName,
    registeredDate: formatDate(entry.registeredAt, { thaiDigits }), registeredTime: formatTime(entry.registeredAt, { thaiDigits }),
  });
  const html = await render(element);
  const result = await sendEmail(tenantId, {
    kind: 'receipt_acknowledgement', letterId, fromName: agency.nameTh, to: letter.replyTo!,
    subject: `แจ้งการรับหนังสือ: ${letter.subject}`.slice(0, 250), html, text: toPlainText(html),
    idempotencyKey: `ack:${letterId}:${entry.registerId}:${entry.year}:${entry.number}`,
  });
  if (!result.duplicate) {
    await runInTenant(scope, (tx) => recordAudit(tx, tenantId, {
      actor: systemActor(), action: 'letter.acknowledged', targetType: 'letter', targetId: letterId,
      data: { to: letter.replyTo, number: entry.number, emailId: result.id },
    }));
  }
}
