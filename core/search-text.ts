/**
 * The words of a letter for search, one way at indexing and at query time: text is normalised
 * (typing variants of Thai, Thai digits, case, invisible characters), then cut into words by one
 * segmenter (ICU's dictionary, through Intl.Segmenter), whose version is stored with every indexed
 * letter (`SEGMENTER_VERSION`; `npm run saraban -- search-reindex` when it changes).
 *
 * Words become PostgreSQL tsvector and tsquery literals written here, never parsed by PostgreSQL's
 * text-search parser (which does not cut Thai), so what a person types is only ever a quoted lexeme.
 */

/** Bumped whenever normalisation or tokenising below changes the words of a text. */
const RULES_VERSION = 1;
export const SEGMENTER_VERSION = `icu-${typeof process !== 'undefined' ? process.versions.icu ?? 'none' : 'browser'}/rules-${RULES_VERSION}`;

const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const THAI_DIGIT = /[\u0E50-\u0E59]/g;
const TONE = '\u0E48-\u0E4B';
const ABOVE_VOWEL = '\u0E31\u0E34-\u0E37\u0E47';
const THAI_CHAR = /[\u0E01-\u0E4E]/;

/** Thai digits as Arabic digits (the same length: positions in the text are kept). */
export function arabicDigits(text: string) {
  return text.replace(THAI_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0x0e50 + 0x30));
}

/**
 * One spelling for what people type differently: NFKC (full-width Latin, ำ decomposed), then ำ
 * again from ํ+า (wherever a tone mark stands between them), a tone mark before an upper vowel
 * moved after it, a mark typed twice kept once, invisible characters dropped, Thai digits as
 * Arabic, Latin in lower case.
 */
export function normaliseText(text: string) {
  return arabicDigits(text.normalize('NFKC').replace(ZERO_WIDTH, ''))
    .replace(new RegExp(`\u0E4D([${TONE}]?)\u0E32`, 'g'), '$1\u0E33')
    .replace(new RegExp(`([${TONE}])([${ABOVE_VOWEL}])`, 'g'), '$2$1')
    .replace(/(\p{M})\1+/gu, '$1')
    .toLowerCase();
}

/** Words longer than this are not words (a pasted hash, a run of one letter): left out. */
const MAX_WORD = 60;

type Word = { word: string; thai: boolean; joined: boolean };

/** The words of a normalised text in order; `joined`: no space or mark between it and the word before. */
function words(normalised: string): Word[] {
  const out: Word[] = [];
  let gap = true;
  // Thai letters and digits written together ("นร0105") are two words, whichever way they were typed.
  // A dot ends a word unless it stands between digits ("หนังสือ.pdf" is two words, "0808.2" one number).
  const spaced = normalised.replace(/([\u0E01-\u0E4E])(\d)/g, '$1 $2').replace(/(\d)([\u0E01-\u0E4E])/g, '$1 $2')
    .replace(/\.(?!\d)|(?<!\d)\./g, ' ');
  for (const s of segmenter.segment(spaced)) {
    if (!s.isWordLike) {
      gap = true;
      continue;
    }
    if ([...s.segment].length <= MAX_WORD) out.push({ word: s.segment, thai: THAI_CHAR.test(s.segment), joined: !gap });
    gap = false;
  }
  return out;
}

/** Short texts (subjects, senders) are cut once however often they come: each letter's go into several vectors, and senders repeat. */
const SHORT = 300;
const cache = new Map<string, Word[]>();

function wordsCached(text: string) {
  if (text.length > SHORT) return words(normaliseText(text));
  let list = cache.get(text);
  if (!list) {
    if (cache.size >= 20_000) cache.clear();
    list = words(normaliseText(text));
    cache.set(text, list);
  }
  return list;
}

/** The plain words of a text (for tests and the highlighter). */
export function wordsOf(text: string) {
  return words(normaliseText(text)).map((w) => w.word);
}

export type Weight = 'A' | 'B' | 'C' | 'D';

/** What is indexed of one text: at most this many characters of it (a long scan's first pages). */
export const MAX_INDEXED_CHARS = 100_000;

/** A quoted lexeme of a tsvector or tsquery literal. */
function lexeme(word: string) {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Builds a tsvector literal from weighted texts. Each word has its position (phrases match words
 * next to each other); two Thai words written together are also indexed as one word at the
 * first one's position, so a compound the segmenter cut in context ("สาร|บรรณ") is still found
 * when typed alone ("สารบรรณ", which it keeps whole).
 */
export class WordVector {
  private readonly entries = new Map<string, string[]>();
  private position = 1;

  add(text: string, weight: Weight) {
    const list = wordsCached(text.slice(0, MAX_INDEXED_CHARS));
    list.forEach((w, i) => {
      const at = Math.min(this.position + i, 16383);
      this.put(w.word, `${at}${weight}`);
      const next = list[i + 1];
      if (next && next.joined && w.thai && next.thai) this.put(w.word + next.word, `${at}${weight}`);
    });
    // A gap between texts, so a phrase never runs from one into the next.
    this.position += list.length + 1;
    return this;
  }

  private put(word: string, position: string) {
    const positions = this.entries.get(word);
    if (!positions) this.entries.set(word, [position]);
    // A word's positions are capped by tsvector (256 per word): the first ones are kept.
    else if (positions.length < 256) positions.push(position);
  }

  get size() {
    return this.entries.size;
  }

  toString() {
    return [...this.entries].map(([word, positions]) => `${lexeme(word)}:${positions.join(',')}`).join(' ');
  }
}

/**
 * A document number's key: normalised, without spaces and dots, so `นร 0105/123`, `นร.0105/123`
 * and `นร ๐๑๐๕/๑๒๓` are one number.
 */
export function documentNumberKey(text: string) {
  return normaliseText(text).replace(/[\s.]/g, '');
}

/** Looks like a document number (letters, digits, a slash and digits) or a register line (`12/2569`). */
const NUMBER_LIKE = /^[\p{L}]{0,8}\d[\d.-]*\/\d+$/u;

export type ParsedQuery = {
  /** The tsquery literal: every term must be found; null when the query holds no word at all. */
  tsquery: string | null;
  /** The words to highlight. */
  highlights: string[];
  /** The document number key when the whole query reads as a number (exact hits rank first). */
  numberKey: string | null;
};

/** At most this many terms of a query are used: more make no better search, only a slower one. */
export const MAX_TERMS = 16;

/**
 * A person's query: terms separated by spaces, each found as a phrase of its words or, for a
 * term of several Thai words typed together, also as one word. Every term must be found.
 * Characters with a meaning in tsquery or LIKE are punctuation here: they never reach a parser.
 */
export function parseQuery(query: string): ParsedQuery {
  const normalised = normaliseText(query).trim();
  const compact = normalised.replace(/[\s.]/g, '');
  const numberKey = NUMBER_LIKE.test(compact) ? compact : null;
  const terms: string[] = [];
  const highlights = new Set<string>();
  for (const term of normalised.split(/\s+/)) {
    const list = words(term);
    if (list.length === 0) continue;
    // The term as typed is marked where it stands whole, else each of its words.
    if (list.length > 1) highlights.add(list.map((w) => w.word).join(''));
    for (const w of list) highlights.add(w.word);
    terms.push(termQuery(list));
    if (terms.length === MAX_TERMS) break;
  }
  return { tsquery: terms.length > 0 ? terms.join(' & ') : null, highlights: [...highlights], numberKey };
}

/**
 * One term's tsquery. Thai words typed together are found through the pairs indexed with them
 * (WordVector): each two neighbours as one word, all of them present (or the whole run as one
 * word), which the index answers alone; a phrase (`<->`) would have every letter holding the
 * words read back to check their positions, slow for common words. Other runs (numbers, Latin)
 * are phrases: their words are rare enough.
 */
function termQuery(list: Word[]) {
  const one = lexeme;
  if (list.length === 1) return one(list[0]!.word);
  if (list.every((w, i) => w.thai && (i === 0 || w.joined))) {
    const pairs = list.slice(1).map((w, i) => one(list[i]!.word + w.word));
    if (pairs.length === 1) return pairs[0]!;
    const whole = list.map((w) => w.word).join('');
    return [...whole].length <= MAX_WORD ? `(${pairs.join(' & ')} | ${one(whole)})` : `(${pairs.join(' & ')})`;
  }
  return `(${list.map((w) => one(w.word)).join(' <-> ')})`;
}

export type SnippetPart = { text: string; hit: boolean };

/** Where the words are in a text: the text cut into parts, the words' parts marked (case and digits folded). */
export function highlight(text: string, terms: string[]): SnippetPart[] {
  const folded = arabicDigits(text).toLowerCase();
  // Folding keeps positions only when it keeps the length (it does for Thai, digits and ASCII).
  if (folded.length !== text.length || terms.length === 0) return [{ text, hit: false }];
  const hits: Array<[number, number]> = [];
  for (const term of terms) {
    if (term.length < 2 && !/\d/.test(term)) continue;
    for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) hits.push([at, at + term.length]);
  }
  hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const parts: SnippetPart[] = [];
  let from = 0;
  for (const [start, end] of hits) {
    if (start < from) continue;
    if (start > from) parts.push({ text: text.slice(from, start), hit: false });
    parts.push({ text: text.slice(start, end), hit: true });
    from = end;
  }
  if (from < text.length) parts.push({ text: text.slice(from), hit: false });
  return parts;
}

/** A window of the text around its first hit, with the hits marked; null when none of the words is in it. */
export function snippet(text: string, terms: string[], width = 180): SnippetPart[] | null {
  const folded = arabicDigits(text).toLowerCase();
  if (folded.length !== text.length) return null;
  let first = -1;
  for (const term of terms) {
    if (term.length < 2 && !/\d/.test(term)) continue;
    const at = folded.indexOf(term);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  if (first < 0) return null;
  const start = Math.max(0, first - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  const parts = highlight(text.slice(start, end), terms);
  if (start > 0) parts.unshift({ text: '…', hit: false });
  if (end < text.length) parts.push({ text: '…', hit: false });
  return parts;
}
