import { firstPageImage, normalizeThai, readPageLines, type OcrLine } from '@/server/documents/ocr';
import { cleanPage, inkOf, type Mark } from './scan-ink';
import { numberReader } from './thai-digits';

/** Specks smaller than this (pixels at 300 dpi) are noise or the dots of a memo's dotted lines; a tone mark is larger. */
const MIN_AREA = 20;
/** Marks taller than this are the Garuda or a rule, not letters (a memo's 29-point heading is about 110 pixels, the memo's Garuda 177). */
const MAX_HEIGHT = 150;

/**
 * The text of a scanned letter's first page, for proposing its details: read by OCR after the
 * page is cleaned (specks, dotted lines and the emblem taken out, which otherwise hide the
 * memo's headings from the layout analysis), line by line, with every run of Thai digits read
 * again from its marks (server/intake/thai-digits.ts).
 */
export async function readLetterHead(file: Buffer, contentType: string, timeoutMs: number): Promise<string> {
  const ink = await inkOf(await firstPageImage(file, contentType));
  const page = await cleanPage(ink, { minArea: MIN_AREA, maxHeight: MAX_HEIGHT });
  const found = await readPageLines(page.png, timeoutMs);
  // A "line" of marks alone (the tone marks above a bold heading, taken for a line of their own) is no line.
  const usual = [...found].map((l) => l.bbox.y1 - l.bbox.y0).sort((a, b) => a - b)[Math.floor(found.length / 2)] ?? 0;
  const lines = found.filter((l) => l.bbox.y1 - l.bbox.y0 >= usual * 0.3);
  const byLine = marksByLine(page.marks, lines);
  const readNumber = await numberReader();
  return normalizeThai(lines.map((line, n) => lineText(line, byLine[n]!, (run, body, code) => readNumber(ink, page.labels, run, body, code))).join('\n'));
}

/** Each mark goes to the line whose box holds its middle (the nearest one where boxes overlap). */
function marksByLine(marks: Mark[], lines: OcrLine[]) {
  const byLine = lines.map(() => [] as Mark[]);
  for (const mark of marks) {
    const [x, y] = [(mark.left + mark.right) / 2, (mark.top + mark.bottom) / 2];
    let best = -1;
    let distance = Infinity;
    lines.forEach((line, n) => {
      const { x0, y0, x1, y1 } = line.bbox;
      if (x < x0 || x > x1 || y < y0 || y > y1) return;
      const d = Math.abs(y - (y0 + y1) / 2);
      if (d < distance) [best, distance] = [n, d];
    });
    if (best >= 0) byLine[best]!.push(mark);
  }
  return byLine;
}

/**
 * A line's text: its marks grouped into the runs a space separates; a run that reads as a
 * number mark by mark is that number, any other keeps the words OCR read there.
 */
function lineText(line: OcrLine, marks: Mark[], readNumber: (run: Mark[], body: number, code?: boolean) => string | null) {
  // The body of the type: a consonant's height, the middle one of the marks that are not vowels or tone marks above and below.
  const heights = marks.map((m) => m.bottom - m.top).sort((a, b) => a - b);
  const letters = heights.filter((h) => h >= 0.5 * heights[Math.floor(heights.length * 0.9)]!);
  const body = letters[Math.floor(letters.length / 2)] ?? 0;
  if (!body || !line.words.some((w) => /[๐-๙]/.test(w.text))) return line.text;
  const runs: Mark[][] = [];
  let right = -Infinity;
  for (const mark of [...marks].sort((a, b) => a.left - b.left)) {
    if (mark.left - right > body * 0.3 || !runs.length) runs.push([mark]);
    else runs.at(-1)!.push(mark);
    right = Math.max(right, mark.right);
  }
  const parts: string[] = [];
  const used = new Set<number>();
  for (const [i, run] of runs.entries()) {
    const [x0, x1] = [Math.min(...run.map((m) => m.left)), Math.max(...run.map((m) => m.right))];
    const words = line.words.filter((w, n) => !used.has(n) && (w.bbox.x0 + w.bbox.x1) / 2 >= x0 && (w.bbox.x0 + w.bbox.x1) / 2 <= x1);
    const read = words.some((w) => /[๐-๙]/.test(w.text)) ? readNumber(run, body) : null;
    line.words.forEach((w, n) => words.includes(w) && used.add(n));
    // The letters of a document number's owner (นร, สธ) before it, read as consonants the same way.
    if (read?.includes('/') && i > 0) parts[i - 1] = readNumber(runs[i - 1]!, body, true) ?? parts[i - 1]!;
    parts.push(read ?? words.map((w) => w.text).join(''));
  }
  return parts.filter(Boolean).join(' ');
}
