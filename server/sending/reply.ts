import type { DraftContent } from '@/core/draft-content';
import { formatIsoDate } from '@/server/shared/thai-date';

type Incoming = {
  id: string; documentNumber: string; letterDate: string; fromText: string; subject: string; urgency: DraftContent['urgency'];
  sourceTenantId: string | null; replyTo: string | null;
};

/**
 * A reply's draft from the letter it answers: อ้างถึง names that letter as the regulation
 * has it ("หนังสือ<จาก> ที่ … ลงวันที่ …"), the subject is carried over, and the recipient
 * is the sender — its agency on the platform, or the address it wrote from.
 */
export function replyContent(base: DraftContent, letter: Incoming, senderAgencyName: string | null): DraftContent {
  const reference = `หนังสือ${letter.fromText}${letter.documentNumber ? ` ที่ ${letter.documentNumber}` : ''} ลงวันที่ ${formatIsoDate(letter.letterDate)}`;
  const recipients: DraftContent['recipients'] = letter.sourceTenantId && senderAgencyName
    ? [{ kind: 'agency', tenantId: letter.sourceTenantId, name: senderAgencyName, copy: false }]
    : letter.replyTo ? [{ kind: 'email', address: letter.replyTo, name: letter.fromText, copy: false }] : [];
  return { ...base, subject: letter.subject, references: [reference], replyToLetterId: letter.id, recipients };
}
