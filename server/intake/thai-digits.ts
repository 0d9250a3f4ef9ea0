import path from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { inkOf, marksOf, type Ink, type Mark } from './scan-ink';

/**
 * Thai digits read again, one mark at a time, against the shapes of the government's type.
 *
 * Thai OCR's trained data reads the digits of TH Sarabun (the type official letters are set in)
 * poorly: ๖ as ๐, ๔ as ๕, ๙ as ๕ or ๓. Each digit is one connected mark, so a word that OCR
 * read as digits is cut into its marks and each is matched with the digits drawn in Sarabun
 * (regular and bold, from the npm font package), as a small grid of grey levels with the mark's
 * proportions. A word with a mark that looks like none of them is left as OCR read it.
 */

/** The characters a number or a date is written with, beside the digits. */
const GLYPHS = [...'๐๑๒๓๔๕๖๗๘๙', '/', 'ว'];
/** The consonants of a ministry's or province's letters before the number (นร, กค, สธ). */
const CONSONANTS = [...'กขคฆงจฉชซญฎฏฐฑฒณดตถทธนบปผพฟภมยรลวศษสหฬอฮ'];
const GRID_W = 12;
const GRID_H = 16;
/** How unlike (0–1, mean grey difference plus proportions) a mark may be to its best glyph and still be read as it. */
const MAX_DISTANCE = 0.36;

type Shape = { glyph: string; grid: Float32Array; aspect: number; consonant: boolean };

const fontDir = path.join(process.cwd(), 'node_modules', '@expo-google-fonts', 'sarabun');
let shapes: Promise<Shape[]> | undefined;

/** The glyphs drawn large in Sarabun, each as its grid and proportions. */
function glyphShapes() {
  shapes ??= (async () => {
    const found: Shape[] = [];
    for (const [file, family] of [['400Regular/Sarabun_400Regular.ttf', 'Sarabun Scan'], ['700Bold/Sarabun_700Bold.ttf', 'Sarabun Scan Bold']] as const) {
      GlobalFonts.registerFromPath(path.join(fontDir, file), family);
      for (const [glyph, consonant] of [...GLYPHS.map((g) => [g, false] as const), ...CONSONANTS.map((g) => [g, true] as const)]) {
        const canvas = createCanvas(160, 200);
        const g = canvas.getContext('2d');
        g.fillStyle = '#ffffff';
        g.fillRect(0, 0, 160, 200);
        g.fillStyle = '#000000';
        g.font = `120px "${family}"`;
        g.fillText(glyph, 20, 150);
        const ink = await inkOf(canvas.toBuffer('image/png'));
        const mark = largest(marksOf(ink).marks);
        if (mark) found.push({ glyph, consonant, ...measure(ink, mark, null) });
      }
    }
    return found;
  })();
  return shapes;
}

const largest = (marks: Mark[]) => marks.reduce<Mark | undefined>((a, m) => (!a || m.area > a.area ? m : a), undefined);

/** A mark as a grid of grey levels (the share of ink in each cell), its width over height, its height in pixels. */
function measure(ink: Ink, mark: Mark, labels: Int32Array | null) {
  const [w, h] = [mark.right - mark.left, mark.bottom - mark.top];
  const grid = new Float32Array(GRID_W * GRID_H);
  const count = new Float32Array(GRID_W * GRID_H);
  for (let y = mark.top; y < mark.bottom; y++) {
    for (let x = mark.left; x < mark.right; x++) {
      const p = y * ink.width + x;
      const cell = Math.min(GRID_H - 1, Math.floor(((y - mark.top) * GRID_H) / h)) * GRID_W + Math.min(GRID_W - 1, Math.floor(((x - mark.left) * GRID_W) / w));
      count[cell]!++;
      if (labels ? labels[p] === mark.label : ink.data[p]) grid[cell]!++;
    }
  }
  for (let c = 0; c < grid.length; c++) grid[c] = count[c] ? grid[c]! / count[c]! : 0;
  return { grid, aspect: w / h, height: h };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function nearest(shape: { grid: Float32Array; aspect: number }, all: Shape[]) {
  let best = { glyph: '', distance: Infinity };
  for (const s of all) {
    let d = 0;
    for (let c = 0; c < s.grid.length; c++) d += Math.abs(s.grid[c]! - shape.grid[c]!);
    const distance = d / s.grid.length + 0.3 * Math.abs(Math.log(shape.aspect / s.aspect));
    if (distance < best.distance) best = { glyph: s.glyph, distance };
  }
  return best;
}

/** A mark as wide as two digits is two touching digits (a blurred scan): it is cut at its thinnest column near the middle. */
function split(ink: Ink, labels: Int32Array, mark: Mark, body: number): Mark[] {
  const width = mark.right - mark.left;
  if (width < body * 1.8) return [mark];
  const inkIn = (x: number) => {
    let n = 0;
    for (let y = mark.top; y < mark.bottom; y++) if (labels[y * ink.width + x] === mark.label) n++;
    return n;
  };
  let cut = mark.left + Math.round(width / 2);
  for (let x = mark.left + Math.round(width * 0.3); x < mark.left + Math.round(width * 0.7); x++) if (inkIn(x) < inkIn(cut)) cut = x;
  return [shrink(ink, labels, { ...mark, right: cut }), shrink(ink, labels, { ...mark, left: cut })].flatMap((half) => split(ink, labels, half, body));
}

/** A part of a mark, its box fitted to its ink. */
function shrink(ink: Ink, labels: Int32Array, mark: Mark): Mark {
  let [top, bottom] = [mark.bottom, mark.top];
  for (let y = mark.top; y < mark.bottom; y++) {
    for (let x = mark.left; x < mark.right; x++) {
      if (labels[y * ink.width + x] !== mark.label) continue;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y + 1);
    }
  }
  return { ...mark, top, bottom: Math.max(bottom, top + 1) };
}

/**
 * A reader of numbers: given a run of marks (one word of the page) and the height of the line's
 * letters (a consonant's, as tall as ๐), the number they write, or null when a mark is no digit,
 * slash, ว or point (a word of letters, or ink too damaged to tell). With `code`, the run is
 * read as the one to three consonants before a document's number.
 */
export async function numberReader() {
  const shapes = await glyphShapes();
  const [digits, consonants] = [shapes.filter((s) => !s.consonant), shapes.filter((s) => s.consonant)];
  return (ink: Ink, labels: Int32Array, run: Mark[], body: number, code = false): string | null => {
    const glyphs = code ? consonants : digits;
    // Marks above or below the digits' band (another line's vowels and tone marks) are not the number's.
    const tall = run.filter((m) => m.bottom - m.top >= 0.6 * body);
    if (!tall.length) return null;
    const band = [median(tall.map((m) => m.top)), median(tall.map((m) => m.bottom))] as const;
    const inBand = run.filter((m) => (m.top + m.bottom) / 2 >= band[0] && (m.top + m.bottom) / 2 <= band[1]);
    // A code is consonants alone: a vowel or tone mark above or below makes it a word.
    if (code && (inBand.length !== run.length || run.length > 3)) return null;
    let text = '';
    for (const mark of inBand.sort((a, b) => a.left - b.left).flatMap((m) => split(ink, labels, m, body))) {
      // A point is a small mark at the foot of the digits (too small to match by shape); a speck elsewhere is no number.
      if (mark.bottom - mark.top < 0.45 * body && mark.right - mark.left < 0.6 * body) {
        if (code || Math.abs(mark.bottom - band[1]) > 0.25 * body) return null;
        text += '.';
        continue;
      }
      const best = nearest(measure(ink, mark, labels), glyphs);
      if (best.distance > MAX_DISTANCE) return null;
      text += best.glyph;
    }
    return text;
  };
}
