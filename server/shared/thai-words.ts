import { builtInWords } from './thai-dictionary';

/**
 * Thai words kept whole at line ends. A dictionary (the built-in words of
 * thai-dictionary.ts, an agency's own words, the names a letter carries) is matched
 * longest first, only where a word may begin and end: never before a mark or a following
 * vowel, never after a leading vowel (เ แ โ ใ ไ). Letters (Typst) put each match in an
 * unbreakable box; tables (pdfkit) join the segmenter's pieces a match spans.
 */

/** Marks above and below, and vowels written after their consonant: a word never starts before one, nor ends before one. */
const FOLLOWS = /[\u0E30-\u0E3A\u0E45\u0E47-\u0E4E]/u;
/** Vowels written before their consonant: a word never ends after one. */
const LEADS = /[\u0E40-\u0E44]/u;

/** The most words an agency may add (its settings). */
export const MAX_AGENCY_WORDS = 2000;

export type Dictionary = {
  /** Entries by their first two characters, longest first. */
  readonly byStart: ReadonlyMap<string, readonly string[]>;
  readonly size: number;
};

/** A usable dictionary entry: Thai, two characters or more, no line break (spaces inside are kept). */
export function cleanWord(word: string) {
  const w = word.normalize('NFC').replace(/\s+/gu, ' ').trim();
  return w.length >= 2 && /[\u0E01-\u0E5B]/u.test(w) && !FOLLOWS.test(w[0]!) && !LEADS.test(w.at(-1)!) ? w : null;
}

export function dictionary(words: Iterable<string>): Dictionary {
  return withWords({ byStart: new Map(), size: 0 }, words);
}

/** Dictionaries of the built-in words with an agency's own, by those words (a few agencies at a time). */
const bases = new Map<string, Dictionary>();
const BASES = 16;

function baseFor(extra: readonly string[]) {
  const key = extra.join('\n');
  let base = bases.get(key);
  if (base) {
    bases.delete(key);
  } else {
    base = dictionary([...builtInWords, ...extra]);
    if (bases.size >= BASES) bases.delete(bases.keys().next().value!);
  }
  bases.set(key, base);
  return base;
}

/** A dictionary with more words: the given one is left as it is. */
function withWords(dict: Dictionary, words: Iterable<string>): Dictionary {
  const byStart = new Map(dict.byStart);
  let size = dict.size;
  for (const raw of words) {
    const word = cleanWord(raw);
    if (!word) continue;
    const key = word.slice(0, 2);
    const list = byStart.get(key) ?? [];
    if (list.includes(word)) continue;
    byStart.set(key, [...list, word].sort((a, b) => b.length - a.length));
    size++;
  }
  return { byStart, size };
}

/** The built-in words with an agency's own and a document's names (each name's words too, split at spaces). */
export function wordsFor(extra: readonly string[] = [], names: readonly string[] = []): Dictionary {
  const base = baseFor(extra);
  return names.length === 0 ? base : withWords(base, names.flatMap((n) => [n, ...n.split(/[\s()]+/u)]));
}

function mayStart(text: string, at: number) {
  return at === 0 || (!FOLLOWS.test(text[at]!) && !LEADS.test(text[at - 1]!));
}

function mayEnd(text: string, at: number) {
  return at === text.length || (!FOLLOWS.test(text[at]!) && !LEADS.test(text[at - 1]!));
}

export type Span = { start: number; end: number; word: string };

/** Where dictionary words occur in a text, longest first from left to right, never overlapping. */
export function findWords(text: string, dict: Dictionary, skip?: string): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < text.length - 1) {
    const found = mayStart(text, i)
      ? dict.byStart.get(text.slice(i, i + 2))?.find((w) => w !== skip && text.startsWith(w, i) && mayEnd(text, i + w.length))
      : undefined;
    if (found) {
      spans.push({ start: i, end: i + found.length, word: found });
      i += found.length;
    } else {
      i++;
    }
  }
  return spans;
}

/** A word cut into the dictionary words inside it ([text, kept whole]), for a word too wide for its line. */
export function innerParts(word: string, dict: Dictionary): Array<[string, boolean]> {
  const parts: Array<[string, boolean]> = [];
  let at = 0;
  for (const span of findWords(word, dict, word)) {
    if (span.start > at) parts.push([word.slice(at, span.start), false]);
    parts.push([span.word, true]);
    at = span.end;
  }
  if (at < word.length) parts.push([word.slice(at), false]);
  return parts;
}

/** The dictionary words a set of texts contains, longest first, each with its inner parts. */
export function wordsIn(texts: readonly string[], dict: Dictionary): Map<string, Array<[string, boolean]>> {
  const found = new Set<string>();
  for (const text of texts) for (const span of findWords(text, dict)) found.add(span.word);
  return new Map([...found].sort((a, b) => b.length - a.length).map((w) => [w, innerParts(w, dict)]));
}

/**
 * Pieces a line may break between (a segmenter's words) joined where a dictionary word
 * spans them, so that no line ends inside the word.
 */
export function joinWords(text: string, pieces: readonly string[], dict: Dictionary): string[] {
  const spans = findWords(text, dict);
  if (spans.length === 0) return [...pieces];
  const joined: string[] = [];
  let at = 0;
  let s = 0;
  for (const piece of pieces) {
    while (s < spans.length && spans[s]!.end <= at) s++;
    const inside = s < spans.length && spans[s]!.start < at && at < spans[s]!.end;
    if (inside && joined.length > 0) joined[joined.length - 1] += piece;
    else joined.push(piece);
    at += piece.length;
  }
  return joined;
}

const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
const OPENING = /[([{“‘"']$/u;
const CLOSING = /^[)\]}”’"',.:;!?/%ๆฯ-]/u;

/**
 * The pieces a line may break between: the segmenter's words (ICU's Thai dictionary), with
 * brackets and punctuation kept on the word they belong to, joined where a dictionary
 * word spans them. Spaces are pieces of their own.
 */
export function linePieces(text: string, dict: Dictionary): string[] {
  const pieces: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const last = pieces.at(-1);
    if (last !== undefined && !/^\s/u.test(segment) && !/\s$/u.test(last) && (OPENING.test(last) || CLOSING.test(segment))) pieces[pieces.length - 1] = last + segment;
    else pieces.push(segment);
  }
  return joinWords(text, pieces, dict);
}

/**
 * A piece too wide for its line, cut finer: a dictionary word into the dictionary words
 * inside it (and the segmenter's words between them), anything else into the segmenter's
 * words. One piece back means it cannot be cut between words.
 */
export function finerPieces(piece: string, dict: Dictionary): string[] {
  const words = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);
  const parts = innerParts(piece, dict);
  return parts.length > 1 ? parts.flatMap(([text, kept]) => (kept ? [text] : words(text))) : words(piece);
}
