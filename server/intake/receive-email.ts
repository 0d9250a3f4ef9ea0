import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { simpleParser, type AddressObject, type Attachment } from 'mailparser';
import { intakeRejections, letters } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { env } from '@/core/env';
import { AppError, type ErrorKey } from '@/core/errors';
import type { Urgency } from '@/core/letters';
import { todayInBangkok } from '@/server/shared/letter-date';
import { writeObject } from '@/server/storage/s3';
import { rootUnit } from '@/server/units/find-unit';
import { assertReadable } from '@/server/storage/inspect-file';
import { checkFile, MAX_FILES_PER_LETTER, removeStored } from '@/server/storage/store-upload';
import { readLetterData, type LetterData } from '@/server/letters/letter-data';
import { admitLetter } from './admit-letter';

const EMAIL_ACTOR = systemActor('รับทางอีเมล');

export type EmailOutcome =
  | { outcome: 'received'; letterId: string }
  | { outcome: 'duplicate' }
  | { outcome: 'rejected'; reason: ErrorKey };

/**
 * One e-mail (raw MIME, from IMAP or the Resend inbound webhook) becomes a letter
 * waiting in `unitId`: the message itself is kept as received (.eml), and each
 * attachment that is a scan or document the system reads (PDF, JPEG, PNG, TIFF) becomes
 * a file of the letter, checked by content. The same message arriving twice (same
 * Message-ID, by either way) makes one letter. An e-mail that cannot be taken (too many
 * attachments, an encrypted or damaged PDF, …) leaves only a rejection note that the
 * registry officers see with the reason.
 */
export async function receiveEmail(tenantId: string, unitId: string | null, raw: Buffer): Promise<EmailOutcome> {
  const scope = { tenantId, userId: null, system: true };
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const messageId = (mail.messageId ?? '').replace(/^<|>$/g, '').trim();
  const externalRef = `email:${messageId || `sha256:${createHash('sha256').update(raw).digest('hex')}`}`;
  const from = firstAddress(mail.from);
  const fromText = from ? (from.name ? `${from.name} <${from.address}>` : from.address ?? '') : '';
  const subject = (mail.subject ?? '').trim();

  const known = await runInTenant(scope, async (tx) => {
    const [letter] = await tx.select({ id: letters.id }).from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.externalRef, externalRef)));
    const [rejected] = await tx.select({ id: intakeRejections.id }).from(intakeRejections)
      .where(and(eq(intakeRejections.tenantId, tenantId), eq(intakeRejections.externalRef, externalRef)));
    return Boolean(letter || rejected);
  });
  if (known) return { outcome: 'duplicate' };

  const attachments = mail.attachments.filter((a) => !a.related);
  const letterId = randomUUID();
  const stored: Array<{ objectKey: string; size: number; sha256: string; fileName: string; contentType: string; kind: 'original' | 'email'; text?: string }> = [];
  let data: LetterData | null = null;
  const notes: string[] = [];
  try {
    if (attachments.length > MAX_FILES_PER_LETTER) throw new AppError('too_many_files');
    const files = attachments.map((a, i) => ({ a, fileName: (a.filename || `ไฟล์แนบ-${i + 1}`).slice(0, 255) }));
    const accepted: Array<{ a: Attachment; fileName: string; contentType: string }> = [];
    for (const { a, fileName } of files) {
      if (a.size > env().MAX_UPLOAD_MB * 1024 * 1024) throw new AppError('file_too_large');
      try {
        const contentType = checkFile({ fileName, size: a.content.length, head: a.content.subarray(0, 8192), tail: a.content.subarray(-8192) });
        await assertReadable(a.content, contentType);
        accepted.push({ a, fileName, contentType });
      } catch (error) {
        // Word and spreadsheet files and the like stay inside the kept message; scans must be readable.
        if (error instanceof AppError && error.key === 'file_type_unsupported') notes.push(fileName);
        else throw error;
      }
    }
    const base = `tenants/${tenantId}/letters/${letterId}`;
    stored.push({ ...(await writeObject(`${base}/message.eml`, raw, 'message/rfc822')), fileName: emlName(subject), contentType: 'message/rfc822', kind: 'email' });
    for (const f of accepted) {
      // A letter written by a system like this one carries its data (PDF/A-3): its fields and exact text, no OCR.
      const carried: LetterData | null = !data && f.contentType === 'application/pdf' ? await readLetterData(f.a.content) : null;
      data ??= carried;
      // A classified letter's text is never indexed (it should not travel by e-mail at all): an empty text keeps OCR away too.
      const text = carried ? (carried.secrecy === 'normal' ? carried.text : '') : undefined;
      stored.push({
        ...(await writeObject(`${base}/${randomUUID()}`, f.a.content, f.contentType)), fileName: f.fileName, contentType: f.contentType, kind: 'original',
        ...(text !== undefined ? { text } : {}),
      });
    }
  } catch (error) {
    await removeStored(stored.map((f) => f.objectKey));
    if (!(error instanceof AppError)) throw error;
    await rejectEmail(tenantId, unitId, { fromText, subject, reason: error.key, externalRef, detail: { attachments: attachments.length } });
    return { outcome: 'rejected', reason: error.key };
  }

  const inserted = await runInTenant(scope, async (tx) => {
    const target = unitId ?? (await rootUnit(tx, tenantId));
    // False: the same message, taken a moment ago by another delivery.
    return admitLetter(tx, tenantId, {
      letter: {
        id: letterId, unitId: target, channel: 'email',
        documentNumber: data?.documentNumber || documentNumberIn(`${subject}\n${mail.text ?? ''}`),
        letterDate: data?.date || todayInBangkok(mail.date ?? new Date()),
        fromText: data?.sender.organization && from?.address ? `${data.sender.organization} <${from.address}>` : fromText,
        toText: addressesText(mail.to), subject: data?.subject || subject || '(ไม่มีเรื่อง)', urgency: data?.urgency ?? urgencyIn(subject), secrecy: 'normal',
        remarks: [
          'รับทางอีเมล',
          ...(data ? [data.secrecy === 'normal' ? 'อ่านรายละเอียดจากข้อมูลที่แนบในไฟล์หนังสือ' : 'ไฟล์หนังสือระบุชั้นความลับ: ไม่ได้อ่านข้อความเพื่อการค้นหา'] : []),
          ...(notes.length > 0 ? [`ไฟล์แนบที่เก็บไว้ในอีเมลต้นฉบับ: ${notes.join(', ')}`] : []),
        ].join('; '),
        externalRef, replyTo: firstAddress(mail.replyTo)?.address ?? from?.address ?? null,
      },
      files: stored, actor: EMAIL_ACTOR, audit: { messageId, from: fromText }, onConflict: 'ignore',
    });
  });
  if (!inserted) {
    await removeStored(stored.map((f) => f.objectKey));
    return { outcome: 'duplicate' };
  }
  return { outcome: 'received', letterId };
}

/** The largest e-mail taken in: twice the largest upload (its files travel base64-encoded, a third larger, with its text). */
export const maxEmailBytes = () => env().MAX_UPLOAD_MB * 2 * 1024 * 1024;

/**
 * An e-mail that cannot become a letter leaves a note for the registry (intake_rejections,
 * shown with the reason) and an audit entry; the same message again adds nothing.
 */
export async function rejectEmail(
  tenantId: string, unitId: string | null,
  note: { fromText: string; subject: string; reason: ErrorKey; externalRef: string; detail?: Record<string, unknown> },
) {
  await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const target = unitId ?? (await rootUnit(tx, tenantId));
    const [row] = await tx.insert(intakeRejections).values({
      tenantId, id: randomUUID(), unitId: target, channel: 'email', fromText: note.fromText, subject: note.subject, reason: note.reason,
      externalRef: note.externalRef, detail: note.detail ?? {},
    }).onConflictDoNothing().returning({ id: intakeRejections.id });
    if (row) {
      await recordAudit(tx, tenantId, {
        actor: EMAIL_ACTOR, action: 'letter.rejected', targetType: 'intake', targetId: row.id, data: { reason: note.reason, from: note.fromText, subject: note.subject },
      });
    }
  });
}

function firstAddress(value: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((v) => v.value)[0];
}

function addressesText(value: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((v) => v.value).map((a) => a.name || a.address || '').filter(Boolean).join(', ');
}

/** "ที่ นร 0105/ว 123" as Thai letters print their number, if the e-mail names one. */
export function documentNumberIn(text: string) {
  const match = /ที่\s+([ก-ฮ]{1,3}\s?[0-9๐-๙][0-9๐-๙.]*\/\s?(?:ว\s?)?[0-9๐-๙]+)/.exec(text);
  return match?.[1]?.replace(/\s+/g, ' ') ?? '';
}

/** Urgency as the sender marked it in the subject (ด่วนที่สุด, ด่วนมาก, ด่วน). */
export function urgencyIn(subject: string): Urgency {
  if (subject.includes('ด่วนที่สุด')) return 'most_urgent';
  if (subject.includes('ด่วนมาก')) return 'very_urgent';
  if (subject.includes('ด่วน')) return 'urgent';
  return 'normal';
}

function emlName(subject: string) {
  const safe = subject.replace(/[\\/:*?"<>|\r\n\t]+/g, ' ').trim().slice(0, 120);
  return `${safe || 'อีเมล'}.eml`;
}
