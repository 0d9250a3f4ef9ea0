import { z } from 'zod';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { isClassified } from '@/server/classified/letter-keys';
import { contentKeyField, openVersion } from '@/server/classified/sealed-drafts';
import { AppError } from '@/core/errors';
import { renderLetterDocx } from '@/server/letters/letter-docx';
import { todayInBangkok } from '@/server/shared/letter-date';
import { formatDate, formatTime } from '@/server/shared/thai-date';
import { getOutgoing } from './get-outgoing';
import { letterDocument } from './letter-document';

export const outgoingDocxInput = z.object({ letterId: z.uuid(), version: z.number().int().min(1).optional() });
/** A classified letter's DOCX: its key handed over by the reader's browser for this request only (a POST, never in a URL). */
export const sealedDocxInput = outgoingDocxInput.extend({ contentKey: contentKeyField });

/**
 * The letter as DOCX (base64): as signed once signed (number and date), else as drafted. A
 * classified letter's version is opened with the key its reader handed over, the copy marked at
 * the top and bottom of every page with its secrecy and, at the foot, with the reader's name,
 * agency and the time; the act is in the register of access to classified information.
 */
export async function outgoingDocx(tx: TenantTx, viewer: Viewer, input: z.infer<typeof outgoingDocxInput> & { contentKey?: string }) {
  const { letter, content: stored, sealedContent, shownVersion } = await getOutgoing(tx, viewer, input.letterId, input.version);
  const classified = isClassified(letter.secrecy);
  if (classified && (!input.contentKey || !sealedContent)) throw new AppError('classified_sealed_required');
  const content = classified ? await openVersion(input.contentKey!, letter.id, shownVersion, sealedContent!) : stored;
  const signed = letter.signedAt && shownVersion === letter.version;
  const doc = letterDocument(letter.kind, signed ? { ...content, signer: { name: letter.signerName ?? '', position: letter.signerPosition ?? '' } } : content, viewer.tenant, {
    documentNumber: signed ? letter.documentNumber ?? '' : '', date: signed && letter.letterDate ? letter.letterDate : todayInBangkok(),
  });
  const at = new Date();
  const tracedTo = classified ? `${viewer.user.fullNameTh} ${viewer.tenant.nameTh} ${formatDate(at)} ${formatTime(at)} น.` : undefined;
  if (classified) {
    await recordAudit(tx, viewer.tenant.id, {
      actor: actorOf(viewer), action: 'classified.downloaded', targetType: 'outgoing', targetId: letter.id, data: { secrecy: letter.secrecy, format: 'docx', version: shownVersion },
    });
  }
  const name = `${(letter.documentNumber || (classified ? 'letter' : letter.subject)).replace(/[\\/:*?"<>|]+/g, '-').slice(0, 120)}.docx`;
  return { fileName: name, base64: (await renderLetterDocx(doc, { tracedTo })).toString('base64') };
}
