import type { DraftContent } from '@/core/draft-content';
import type { LetterKind } from '@/core/letters';

/** Defaults a registry officer expects on a new letter of the kind. */
export function blankContent(kind: LetterKind, me: { agencyEmail: string; agencyPhone: string; unitName: string }): DraftContent {
  const closing = kind === 'external' ? 'ขอแสดงความนับถือ' : '';
  return {
    subject: '', salutation: kind === 'memo' || kind === 'external' || kind === 'note' ? 'เรียน' : '', addressee: '', references: [], enclosures: [], body: [],
    closing, signer: { name: '', position: '' }, ownerUnit: kind === 'external' || kind === 'stamped' ? me.unitName : '', phone: me.agencyPhone, fax: '',
    email: kind === 'external' ? me.agencyEmail : '', copies: [], urgency: 'normal', secrecy: 'normal', circular: false, recipients: [], replyToLetterId: null, extra: {},
  };
}
