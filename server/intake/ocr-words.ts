import { builtInWords } from '@/server/shared/thai-dictionary';

/**
 * Known words put back where OCR nearly read them. Thai OCR drops a tone mark, adds a vowel
 * below from a speck, or reads one consonant for another; within a long known word (an
 * agency's name, a position, a term of official letters) such a slip is one or two characters
 * in many, so the nearest known word is what was written. Words are the built-in dictionary's
 * (server/shared/thai-dictionary.ts) and the agency's own (its settings, its units); only
 * words of MIN_LENGTH characters or more are matched, the closest first, each place once.
 */

const MIN_LENGTH = 7;
/** One slip allowed per this many characters of a word. */
const PER_SLIP = 8;

/** Words long enough to be matched, the longest first. */
const matchable = (words: Iterable<string>) => [...new Set(words)].filter((w) => w.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
const builtIn = matchable(builtInWords);

export function correctWords(text: string, extra: readonly string[] = []): string {
  const words = extra.length ? matchable([...builtInWords, ...extra]) : builtIn;
  // Every near match of every word, then the closest first (an exact word before a near one, a longer before a shorter), each place once.
  const found = words.flatMap((word) => approximately(text, word, Math.max(1, Math.floor(word.length / PER_SLIP))).map((f) => ({ ...f, word })));
  const taken: Array<[number, number, string]> = [];
  for (const f of found.sort((a, b) => a.edits - b.edits || b.word.length - a.word.length)) {
    // A space OCR read is a space: a word is not matched across one it does not have.
    if (!f.word.includes(' ') && text.slice(f.start, f.end).includes(' ')) continue;
    let span: [number, number, string] = [f.start, f.end, f.word];
    const crossed = taken.filter(([s, e]) => f.start < e && f.end > s);
    for (const c of crossed) {
      const [s, e, w] = c;
      // A longer word that holds a shorter one found inside it takes its place (ระบบสารบรรณอิเล็กทรอนิกส์ over สารบรรณ);
      // two that share their ends join (ผู้ว่าราชการจังหวัด + จังหวัดเชียงใหม่), where they agree on the characters shared.
      if (s >= span[0] && e <= span[1] && span[2].includes(w)) continue;
      if (s > span[0] && e > span[1] && span[2].endsWith(w.slice(0, span[1] - s))) span = [span[0], e, span[2] + w.slice(span[1] - s)];
      else if (s < span[0] && e < span[1] && span[2].startsWith(w.slice(span[0] - s))) span = [s, span[1], w.slice(0, span[0] - s) + span[2]];
      else {
        span = [0, 0, ''];
        break;
      }
    }
    if (!span[2]) continue;
    for (const c of crossed) taken.splice(taken.indexOf(c), 1);
    taken.push(span);
  }
  let out = '';
  let at = 0;
  for (const [start, end, word] of taken.sort((a, b) => a[0] - b[0])) {
    out += text.slice(at, start) + word;
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Where `word` occurs in `text` with at most `slips` edits (inserted, dropped or changed
 * characters), best first, not overlapping: approximate string matching (Sellers), with each
 * cell carrying the start of its match.
 */
function approximately(text: string, word: string, slips: number) {
  const m = word.length;
  let cost = Array.from({ length: m + 1 }, (_, i) => i);
  let start = new Array<number>(m + 1).fill(0);
  const ends: Array<{ start: number; end: number; edits: number }> = [];
  for (let j = 1; j <= text.length; j++) {
    const [nextCost, nextStart] = [[0], [j]];
    for (let i = 1; i <= m; i++) {
      const change = cost[i - 1]! + (word[i - 1] === text[j - 1] ? 0 : 1);
      const drop = nextCost[i - 1]! + 1;
      const add = cost[i]! + 1;
      // The cheapest way here; of equal ones, the one whose match began earliest (the whole word, not a tail of it).
      const ways: Array<[number, number]> = [[change, start[i - 1]!], [add, start[i]!], [drop, nextStart[i - 1]!]];
      const [best, from] = ways.reduce((a, w) => (w[0] < a[0] || (w[0] === a[0] && w[1] < a[1]) ? w : a));
      nextCost.push(best);
      nextStart.push(from);
    }
    [cost, start] = [nextCost, nextStart];
    if (cost[m]! <= slips) ends.push({ start: start[m]!, end: j, edits: cost[m]! });
  }
  const chosen: typeof ends = [];
  for (const e of ends.sort((a, b) => a.edits - b.edits || b.end - b.start - (a.end - a.start))) {
    if (!chosen.some((c) => e.start < c.end && e.end > c.start)) chosen.push(e);
  }
  return chosen;
}
