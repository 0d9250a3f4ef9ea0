import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { z } from 'zod';
import { notifications, outgoingFiles, outgoingLetters, reviewSteps, sendRegisterEntries, units } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { publicUrl } from '@/core/env';
import { fileContext } from '@/core/classified-crypto';
import { isClassified, notificationTitle } from '@/server/classified/letter-keys';
import { contentForRequest, contentKeyField, sealWithKey } from '@/server/classified/sealed-drafts';
import { SEALED_TYPE } from '@/server/storage/store-upload';
import { AppError } from '@/core/errors';
import { renderLetterPdf } from '@/server/letters/render-letter';
import { ensureRegister } from '@/server/registry/ensure-register';
import { todayInBangkok } from '@/server/shared/letter-date';
import { agencySigningKey } from '@/server/signing/certificates';
import { signPdf } from '@/server/signing/pades';
import { signedObjectKey, writeObject } from '@/server/storage/s3';
import { rootUnit } from '@/server/units/find-unit';
import { currentContent, currentStep, lockOutgoing } from './drafts';
import { letterDocument } from './letter-document';
import { formatDocumentNumber, numberSeries } from './numbering';
import type { LetterKind } from '@/core/letters';

export const signInput = z.object({
  letterId: z.uuid(),
  password: z.string().min(1).max(200),
  /** A classified letter's content key, handed over by the signer's browser for this signing only. */
  contentKey: contentKeyField.optional(),
});

/** Where anyone holding the letter checks it (printed as a QR). */
export function verifyUrl(code: string) {
  return `${publicUrl()}/verify/${code}`;
}

/**
 * The next number of the series the letter's kind takes (numbering.ts), in the register of its
 * owner unit (or the agency's). From here to COMMIT the counter row is locked: a concurrent
 * numbering into this register waits, and a rollback (a failed render or upload) returns the number.
 */
export async function takeNumber(tx: TenantTx, viewer: Viewer, letter: { kind: LetterKind; circular: boolean; unitId: string; secrecy: string }, at: Date) {
  const tenantId = viewer.tenant.id;
  const series = numberSeries(letter.kind, letter.circular);
  const [owner] = await tx.select({ ownerNumber: units.ownerNumber }).from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, letter.unitId)));
  const numberingUnit = series === 'order' || series === 'announcement' || !owner?.ownerNumber ? await rootUnit(tx, tenantId) : letter.unitId;
  const register = series ? await ensureRegister(tx, tenantId, numberingUnit, series, letter.secrecy !== 'normal') : null;
  const date = todayInBangkok(at);
  const year = Number(date.slice(0, 4));
  if (!register || !series) return { register: null, year, number: null, documentNumber: '', date };
  const [issued] = await tx.$client<Array<{ last_number: number }>>`
    insert into register_counters as c (tenant_id, register_id, year, last_number) values (${tenantId}, ${register.id}, ${year}, 1)
    on conflict (tenant_id, register_id, year) do update set last_number = c.last_number + 1
    returning last_number`;
  const number = issued!.last_number;
  const documentNumber = formatDocumentNumber(series, { ministryCode: viewer.tenant.ministryCode, ownerNumber: owner?.ownerNumber ?? viewer.tenant.ownerNumber }, number, year);
  return { register, year, number, documentNumber, date };
}

function bangkokTime(at: Date) {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Bangkok', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at).replace(':', '.');
}

/**
 * ลงนาม (electronic rule 4.2.1): the signer has re-entered their password (identity and
 * intent, checked by the procedure's step-up before this transaction); the letter takes its number from its yearly sequence, is rendered with the
 * signature block and the QR of its verification page, signed with the agency's
 * certificate (PAdES) and kept as the signed file (สำเนาคู่ฉบับ), its SHA-256 recorded
 * and published for verification. All in one transaction: the number's counter stays
 * locked until commit, so numbers have no gap and no duplicate.
 */
export async function signLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof signInput>) {
  const tenantId = viewer.tenant.id;
  const letter = await lockOutgoing(tx, tenantId, input.letterId);
  if (letter.signedAt) throw new AppError('already_signed');
  const step = letter.state === 'in_review' ? await currentStep(tx, tenantId, letter.id) : null;
  if (!step || step.userId !== viewer.user.id || step.action !== 'sign') throw new AppError('not_your_step');
  if (!viewer.permissions.has('sign')) throw new AppError('signer_without_right');

  const content = await contentForRequest(tx, tenantId, letter, await currentContent(tx, tenantId, letter.id, letter.version), input.contentKey);
  const key = await agencySigningKey(tx, viewer.tenant);
  const at = new Date();
  const { register, year, number, documentNumber, date } = await takeNumber(tx, viewer, letter, at);
  const verifyCode = randomBytes(12).toString('base64url');
  const url = verifyUrl(verifyCode);
  const qr = await QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  const signerName = content.signer.name || viewer.user.fullNameTh;
  const signerPosition = content.signer.position || viewer.user.position;
  const doc = letterDocument(letter.kind, { ...content, signer: { name: signerName, position: signerPosition } }, viewer.tenant, {
    documentNumber, date, signed: { date, time: bangkokTime(at), url, qr },
  });
  const pdf = await signPdf(renderLetterPdf(doc, at), key, {
    name: signerName, reason: `ลงนามหนังสือ ${documentNumber}`.trim(), location: viewer.tenant.nameTh, contact: viewer.tenant.email, at,
  });
  const signedSha256 = createHash('sha256').update(pdf).digest('hex');
  const fileId = randomUUID();
  // A classified letter's signed PDF is kept only sealed with its content key, in the agency's own folder.
  const sealed = Boolean(input.contentKey) && isClassified(letter.secrecy);
  const stored = sealed
    ? await writeObject(`tenants/${tenantId}/outgoing/${letter.id}/${fileId}`, Buffer.from(await sealWithKey(input.contentKey!, fileContext(letter.id, fileId), pdf)), SEALED_TYPE)
    : await writeObject(signedObjectKey(signedSha256), pdf, 'application/pdf');
  const fileName = `${documentNumber || letter.subject || 'letter'}`.replace(/[\\/:*?"<>|]+/g, '-').slice(0, 120) + '.pdf';

  await tx.insert(outgoingFiles).values({
    tenantId, id: fileId, letterId: letter.id, kind: 'signed', fileName, sealed, contentType: sealed ? SEALED_TYPE : 'application/pdf', ...stored,
  });
  if (register && number !== null) {
    await tx.insert(sendRegisterEntries).values({ tenantId, registerId: register.id, year, number, outgoingLetterId: letter.id, registeredAt: at, registeredByName: viewer.user.fullNameTh });
  }
  await tx.update(outgoingLetters).set({
    state: 'signed', documentNumber: documentNumber || null, registerId: register?.id ?? null, numberYear: register ? year : null, number,
    letterDate: date, signedAt: at, signedBy: viewer.user.id, signerName, signerPosition, signedSha256, verifyCode, updatedAt: at,
  }).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  await tx.update(reviewSteps).set({ state: 'approved', actedAt: at })
    .where(and(eq(reviewSteps.tenantId, tenantId), eq(reviewSteps.letterId, letter.id), eq(reviewSteps.round, step.round), eq(reviewSteps.position, step.position)));
  await tx.execute(sql`select app_publish_signature(${verifyCode}, ${viewer.tenant.nameTh}, ${documentNumber}, ${date}, ${signerName}, ${signerPosition}, ${at.toISOString()}::timestamptz, ${signedSha256})`);
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'outgoing.signed', targetType: 'outgoing', targetId: letter.id,
    data: { documentNumber, version: letter.version, sha256: signedSha256, position: signerPosition },
  });
  if (letter.createdBy !== viewer.user.id) {
    await tx.insert(notifications).values({ tenantId, id: randomUUID(), userId: letter.createdBy, kind: 'draft_signed', letterId: letter.id, title: `${documentNumber} ${notificationTitle(letter)}`.trim() });
  }
  return { documentNumber, sha256: signedSha256, verifyCode };
}
