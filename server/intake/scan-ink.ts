import sharp from 'sharp';

/** A page as ink and paper: one byte per pixel, 1 where there is ink. */
export type Ink = { width: number; height: number; data: Uint8Array; grey: Uint8Array };
/** One connected mark on the page (8-connected ink), with its bounding box (right and bottom exclusive). */
export type Mark = { left: number; top: number; right: number; bottom: number; area: number; label: number };

/** Ink darker than this (0–255) after smoothing: a scan's grey paper and speckles are paper. */
const INK_BELOW = 160;

/** A scanned page as ink: grey, the scanner's salt-and-pepper noise smoothed out, then thresholded. */
export async function inkOf(image: Buffer): Promise<Ink> {
  const { data, info } = await sharp(image).greyscale().median(3).raw().toBuffer({ resolveWithObject: true });
  const ink = new Uint8Array(info.width * info.height);
  const grey = new Uint8Array(info.width * info.height);
  for (let p = 0; p < ink.length; p++) {
    grey[p] = data[p * info.channels]!;
    ink[p] = grey[p]! < INK_BELOW ? 1 : 0;
  }
  return { width: info.width, height: info.height, data: ink, grey };
}

/**
 * The marks of the page (connected ink), found in two passes with a union–find over labels.
 * `labels` gives each pixel its mark's label (0 for paper), to cut one mark out of a box.
 */
export function marksOf(ink: Ink): { marks: Mark[]; labels: Int32Array } {
  const { width, height, data } = ink;
  const labels = new Int32Array(width * height);
  const parent: number[] = [0];
  const find = (a: number) => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  const union = (a: number, b: number) => {
    const [x, y] = [find(a), find(b)];
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (!data[p]) continue;
      // Neighbours already labelled: left, and the three above.
      let label = 0;
      for (const q of [x > 0 ? p - 1 : -1, y > 0 && x > 0 ? p - width - 1 : -1, y > 0 ? p - width : -1, y > 0 && x < width - 1 ? p - width + 1 : -1]) {
        if (q < 0 || !labels[q]) continue;
        if (!label) label = labels[q]!;
        else union(label, labels[q]!);
      }
      if (!label) {
        label = parent.length;
        parent.push(label);
      }
      labels[p] = label;
    }
  }
  const byRoot = new Map<number, Mark>();
  for (let p = 0; p < labels.length; p++) {
    if (!labels[p]) continue;
    const root = find(labels[p]!);
    labels[p] = root;
    const [x, y] = [p % width, Math.floor(p / width)];
    const mark = byRoot.get(root);
    if (!mark) byRoot.set(root, { left: x, top: y, right: x + 1, bottom: y + 1, area: 1, label: root });
    else {
      mark.left = Math.min(mark.left, x);
      mark.right = Math.max(mark.right, x + 1);
      mark.bottom = y + 1;
      mark.area++;
    }
  }
  return { marks: [...byRoot.values()], labels };
}

/**
 * The page for OCR, its letters on white, without the marks that are not letters: specks smaller than
 * `minArea` pixels (noise), the dots of dotted lines (a memo's headings stand on them), and the rules and
 * pictures larger than `maxHeight` (the Garuda emblem, a table's lines).
 */
export async function cleanPage(ink: Ink, { minArea, maxHeight }: { minArea: number; maxHeight: number }) {
  const { marks, labels } = marksOf(ink);
  const dotted = dottedLines(marks);
  // A picture (the emblem) is a tall mark no wider than a third of the page, with its inner details inside its box; a rule or a table's frame is wider, and keeps what it holds.
  const pictures = marks.filter((m) => m.bottom - m.top > maxHeight && m.right - m.left <= ink.width / 3);
  const inPicture = (m: Mark) => pictures.some((p) => m.left >= p.left && m.right <= p.right && m.top >= p.top && m.bottom <= p.bottom);
  const keep = new Set(marks.filter((m) => m.area >= minArea && m.bottom - m.top <= maxHeight && m.right - m.left <= ink.width / 2 && !dotted.has(m.label) && !inPicture(m)).map((m) => m.label));
  const out = Buffer.alloc(ink.width * ink.height, 255);
  // The letters keep their grey levels (OCR reads them better than pure black); the rest is white paper.
  for (let p = 0; p < out.length; p++) if (labels[p] && keep.has(labels[p]!)) out[p] = ink.grey[p]!;
  return {
    png: await sharp(out, { raw: { width: ink.width, height: ink.height, channels: 1 } }).png().toBuffer(),
    marks: marks.filter((m) => keep.has(m.label)),
    labels,
  };
}

/** Dots at most this wide and tall (pixels at 300 dpi): a dotted line's, a point's; a tone mark is taller. */
const DOT = 11;
/** A dotted line: this many dots or more in a row at one height, evenly spaced. */
const IN_A_ROW = 8;

/**
 * The dots of dotted lines (a memo's headings stand on them), to be taken out: small round marks
 * at one height, evenly spaced. Points and vowels in a line of text are neither so many at one
 * height nor so even.
 */
function dottedLines(marks: Mark[]) {
  const dots = marks
    .filter((m) => m.right - m.left <= DOT && m.bottom - m.top <= DOT)
    .map((m) => ({ label: m.label, x: (m.left + m.right) / 2, y: (m.top + m.bottom) / 2 }))
    .sort((a, b) => a.y - b.y);
  const found = new Set<number>();
  let start = 0;
  for (let end = 1; end <= dots.length; end++) {
    if (end < dots.length && dots[end]!.y - dots[end - 1]!.y <= 3) continue;
    const row = dots.slice(start, end).sort((a, b) => a.x - b.x);
    start = end;
    if (row.length < IN_A_ROW) continue;
    const gaps = row.slice(1).map((d, n) => d.x - row[n]!.x).sort((a, b) => a - b);
    const usual = gaps[Math.floor(gaps.length / 2)]!;
    if (gaps.filter((g) => Math.abs(g - usual) <= usual * 0.3).length >= gaps.length * 0.7) for (const d of row) found.add(d.label);
  }
  return found;
}
