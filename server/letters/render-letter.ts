import { queryMetadata, renderPdf } from '@/server/documents/typst';
import { toThaiDigits } from '@/server/shared/thai-date';
import { months } from '@/server/shared/thai-dictionary';
import { linePieces, wordsFor, wordsIn } from '@/server/shared/thai-words';
import { letterDataXml, LETTER_DATA_FILE } from './letter-data';
import type { LetterDocument } from './letter-kinds';
import { letterTemplate } from './letter-template';

/** Fields that are codes, not printed text. */
const codes = new Set(['kind', 'date', 'urgency', 'secrecy', 'thaiDigits', 'url', 'qr', 'words']);

/** Every printed text in Thai digits where the agency prints them (an e-mail address keeps its own). */
function printable<T>(value: T, thaiDigits: boolean, key = ''): T {
  if (codes.has(key)) return value;
  if (typeof value === 'string') return (thaiDigits && key !== 'email' ? toThaiDigits(value) : value) as T;
  if (Array.isArray(value)) return value.map((v) => printable(v, thaiDigits)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printable(v, thaiDigits, k)])) as T;
  }
  return value;
}

function allTexts(value: unknown, key = ''): string[] {
  if (codes.has(key)) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => allTexts(v));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => allTexts(v, k));
  return [];
}

/** Escapes a word for a regular expression (Typst's, Rust's syntax). */
function literal(word: string) {
  return word.replace(/[\\.+*?()|[\]{}^$#&\-~]/g, (c) => `\\${c}`);
}

/**
 * The data the template lays out: printable texts; each body paragraph as the pieces a
 * line may break between (ICU's words with their punctuation, joined where a dictionary
 * word spans them); and
 * the dictionary words this letter contains (the built-in words, the agency's, and the
 * names it carries: agency, signer, addressee, owner unit, copies) as the pattern the
 * template keeps whole.
 */
export function letterLayoutData(letter: LetterDocument, measure?: 'before' | 'after') {
  return layout(letter, measure).data;
}

function layout(letter: LetterDocument, measure?: 'before' | 'after') {
  const printed = printable(letter, letter.thaiDigits);
  const dict = wordsFor(letter.words ?? [], [
    printed.agency.nameTh, printed.signer.name, printed.signer.position, printed.addressee, printed.ownerUnit, ...printed.copies,
  ].filter(Boolean));
  const keep = wordsIn([...allTexts(printed), ...months], dict);
  const body = printed.body.map((p) => linePieces(p, dict));
  const data = {
    extra: {}, ...printed, body,
    keep: { pattern: keep.size > 0 ? [...keep.keys()].map(literal).join('|') : '\u0000', parts: Object.fromEntries(keep) },
    ...(measure ? { measure } : {}),
  };
  return { printed, data };
}

/** A letter as PDF/A-3 in the regulation's layout for its kind, its data attached as XML (Typst; milliseconds per page). */
export function renderLetterPdf(letter: LetterDocument, at = new Date()): Buffer {
  const { printed, data } = layout(letter);
  return renderPdf(letterTemplate, data, { standard: 'a-3u', at, inputs: { [LETTER_DATA_FILE]: letterDataXml(printed) } });
}

/**
 * Line ends that split a dictionary word in a letter as laid out: with the words kept
 * whole ("after") or as Typst's own segmentation alone would break them ("before").
 * Each occurrence is marked after its first character and before its last; a word whose
 * marks are on different lines (or pages) was split.
 */
export function splitWords(letter: LetterDocument, mode: 'before' | 'after'): string[] {
  const data = letterLayoutData(letter, mode);
  const [positions] = queryMetadata(letterTemplate, data, 'keep-positions') as Array<Array<[number, number, number, number, string]>>;
  return (positions ?? []).filter(([p1, y1, p2, y2]) => p1 !== p2 || Math.abs(y1 - y2) > 1).map((p) => p[4]);
}
