import { renderPdf } from '@/server/documents/typst';
import { toThaiDigits } from '@/server/shared/thai-date';
import type { LetterDocument } from './letter-kinds';
import { letterTemplate } from './letter-template';

/** Fields that are codes, not printed text. */
const codes = new Set(['kind', 'date', 'urgency', 'secrecy', 'thaiDigits', 'url', 'qr']);

/**
 * Every printed text in Thai digits where the agency prints them (an e-mail address keeps
 * its own). Line breaks are Typst's own Thai segmentation: marking ICU's word breaks with
 * zero-width spaces or word joiners was tried and made it worse (misordered marks at a
 * break, words split anywhere).
 */
function printable<T>(value: T, thaiDigits: boolean, key = ''): T {
  if (codes.has(key)) return value;
  if (typeof value === 'string') return (thaiDigits && key !== 'email' ? toThaiDigits(value) : value) as T;
  if (Array.isArray(value)) return value.map((v) => printable(v, thaiDigits)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v, thaiDigits, k)])) as T;
  }
  return value;
}

/** A letter as PDF in the regulation's layout for its kind (Typst; milliseconds per page). */
export function renderLetterPdf(letter: LetterDocument): Buffer {
  return renderPdf(letterTemplate, { extra: {}, ...printable(letter, letter.thaiDigits) });
}
