import { render, toPlainText } from '@react-email/render';
import { and, eq } from 'drizzle-orm';
import { createElement } from 'react';
import LetterReturned from '@/emails/letter-returned';
import { letters, tenants } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { sendEmail } from '@/server/mail/send-email';
import { formatDate, formatIsoDate } from '@/server/shared/thai-date';

/**
 * Background job after ส่งคืน of a letter that came by e-mail: its sender is told, by e-mail,
 * that it was returned unregistered and why. A classified letter's subject is not written in it.
 * Sent once (idempotency key), retried with backoff.
 */
export async function sendReturnNotice({ tenantId, letterId }: { tenantId: string; letterId: string }) {
  const scope = { tenantId, userId: null, system: true };
  const found = await runInTenant(scope, async (tx) => {
    const [letter] = await tx.select().from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId)));
    const [agency] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
    return letter && agency ? { letter, agency } : null;
  });
  if (!found?.letter.replyTo || !found.letter.returnedAt) return;
  const { letter, agency } = found;
  const thaiDigits = agency.settings.thaiDigits;
  const classified = letter.secrecy !== 'normal' || letter.sealedDetails !== null;
  const html = await render(createElement(LetterReturned, {
    agencyName: agency.nameTh,
    agencyContact: [agency.address, agency.phone && `โทร. ${agency.phone}`, agency.email].filter(Boolean).join(' '),
    subject: classified ? '' : letter.subject, documentNumber: letter.documentNumber,
    letterDate: letter.letterDate ? formatIsoDate(letter.letterDate, { thaiDigits }) : '',
    reason: letter.returnedReason ?? '', returnedDate: formatDate(letter.returnedAt!, { thaiDigits }),
  }));
  const result = await sendEmail(tenantId, {
    kind: 'letter_returned', letterId, fromName: agency.nameTh, to: letter.replyTo!,
    subject: `แจ้งการส่งคืนหนังสือ${classified ? '' : `: ${letter.subject}`}`.slice(0, 250), html, text: toPlainText(html),
    idempotencyKey: `return:${letterId}`,
  });
  if (!result.duplicate) {
    await runInTenant(scope, (tx) => recordAudit(tx, tenantId, {
      actor: systemActor(), action: 'letter.return_notice_sent', targetType: 'letter', targetId: letterId, data: { to: letter.replyTo, emailId: result.id },
    }));
  }
}
