import type { AgencySettings } from '@/core/settings';
import type { DraftContent } from '@/core/draft-content';
import type { LetterKind } from '@/core/letters';
import type { LetterDocument } from '@/server/letters/letter-kinds';

export type Agency = { nameTh: string; address: string; settings: AgencySettings };

/** The printable letter from a draft's content, with the number and date it has (none while a draft). */
export function letterDocument(kind: LetterKind, content: DraftContent, agency: Agency, issued: {
  documentNumber?: string; date: string; signed?: LetterDocument['signed'];
}): LetterDocument {
  return {
    kind,
    agency: { nameTh: agency.nameTh, address: agency.address },
    documentNumber: issued.documentNumber ?? '',
    date: issued.date,
    subject: content.subject,
    salutation: content.salutation,
    addressee: content.addressee,
    references: content.references,
    enclosures: content.enclosures,
    body: content.body,
    closing: content.closing,
    signer: content.signer,
    ownerUnit: content.ownerUnit,
    phone: content.phone,
    fax: content.fax,
    email: content.email,
    copies: content.copies,
    urgency: content.urgency,
    secrecy: content.secrecy as LetterDocument['secrecy'],
    thaiDigits: agency.settings.thaiDigits,
    words: agency.settings.words ?? [],
    extra: content.extra,
    ...(issued.signed ? { signed: issued.signed } : {}),
  };
}
