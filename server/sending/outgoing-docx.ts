import { z } from 'zod';
import { AppError } from '@/core/errors';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { renderLetterDocx } from '@/server/letters/letter-docx';
import { todayInBangkok } from '@/server/shared/letter-date';
import { getOutgoing } from './get-outgoing';
import { letterDocument } from './letter-document';

export const outgoingDocxInput = z.object({ letterId: z.uuid(), version: z.number().int().min(1).optional() });

/** The letter as DOCX (base64): as signed once signed (number and date), else as drafted. */
export async function outgoingDocx(tx: TenantTx, viewer: Viewer, input: z.infer<typeof outgoingDocxInput>) {
  const { letter, content } = await getOutgoing(tx, viewer, input.letterId, input.version);
  // A classified letter's text is not on the server to put in a DOCX.
  if (letter.secrecy !== 'normal') throw new AppError('classified_pending');
  const signed = letter.signedAt && (input.version ?? letter.version) === letter.version;
  const doc = letterDocument(letter.kind, signed ? { ...content, signer: { name: letter.signerName ?? '', position: letter.signerPosition ?? '' } } : content, viewer.tenant, {
    documentNumber: signed ? letter.documentNumber ?? '' : '', date: signed && letter.letterDate ? letter.letterDate : todayInBangkok(),
  });
  const name = `${(letter.documentNumber ?? letter.subject).replace(/[\\/:*?"<>|]+/g, '-').slice(0, 120)}.docx`;
  return { fileName: name, base64: (await renderLetterDocx(doc)).toString('base64') };
}
