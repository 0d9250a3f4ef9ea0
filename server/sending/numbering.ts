import type { RegisterKind } from '@/core/letters';
import type { LetterKind } from '@/core/letters';

/**
 * Which yearly sequence numbers a letter on signing (ระเบียบฯ): letters, memos, stamped
 * letters and certificates take the next number of the owner's send register (circulars
 * their own ว sequence); orders and announcements have their own yearly sequences.
 * Regulations, by-laws, statements, news, minutes and notes carry no number.
 */
export function numberSeries(kind: LetterKind, circular: boolean): Exclude<RegisterKind, 'receive'> | null {
  switch (kind) {
    case 'external': case 'memo': case 'stamped': case 'certificate': return circular ? 'circular' : 'send';
    case 'order': return 'order';
    case 'announcement': return 'announcement';
    default: return null;
  }
}

/**
 * The printed number: "นร 0105/123", circulars "นร 0105/ว 45", orders and
 * announcements "12/2569" (Buddhist-era year).
 */
export function formatDocumentNumber(series: Exclude<RegisterKind, 'receive'>, owner: { ministryCode: string; ownerNumber: string }, number: number, year: number) {
  if (series === 'order' || series === 'announcement') return `${number}/${year + 543}`;
  return `${owner.ministryCode} ${owner.ownerNumber}/${series === 'circular' ? 'ว ' : ''}${number}`;
}

export const registerNames: Record<Exclude<RegisterKind, 'receive'>, string> = {
  send: 'ทะเบียนหนังสือส่ง',
  circular: 'ทะเบียนหนังสือเวียน',
  order: 'ทะเบียนคำสั่ง',
  announcement: 'ทะเบียนประกาศ',
};
