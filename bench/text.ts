/**
 * `npm run bench -- text`: how common text extractors read the sample letters, against
 * the text the letters were written from. Typst's PDF writer maps each glyph cluster to
 * its text through /ActualText; an extractor that ignores it reads the cluster's glyphs
 * one by one and doubles marks (สิ่สิ่ง). For every paragraph of every sample letter, the
 * character error rate is the edit distance to the closest stretch of the extracted text
 * (spaces and line breaks ignored), over the paragraph's length. The embedded letter data
 * (saraban-letter.xml) is read the same way. Also counts line ends that split a
 * dictionary word (server/letters/word-splits.ts): Typst alone, and as letters are laid out.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { letterKinds } from '@/core/letters';
import { readLetterData } from '@/server/letters/letter-data';
import type { LetterDocument } from '@/server/letters/letter-kinds';
import { renderLetterPdf } from '@/server/letters/render-letter';
import { sampleLetters } from '@/server/letters/sample-letters';
import { countSplits } from '@/server/letters/word-splits';
import { toThaiDigits } from '@/server/shared/thai-date';
import type { BenchResult } from './run';

const compact = (s: string) => s.replace(/\s+/gu, '');

/** The least edit distance between `needle` and any stretch of `hay` (Sellers' approximate matching). */
function closest(needle: string, hay: string) {
  const n = [...needle];
  const h = [...hay];
  let previous = new Array<number>(n.length + 1).fill(0).map((_, i) => i);
  let best = previous[n.length]!;
  for (let j = 1; j <= h.length; j++) {
    const row = new Array<number>(n.length + 1);
    row[0] = 0;
    for (let i = 1; i <= n.length; i++) {
      row[i] = Math.min(previous[i]! + 1, row[i - 1]! + 1, previous[i - 1]! + (n[i - 1] === h[j - 1] ? 0 : 1));
    }
    best = Math.min(best, row[n.length]!);
    previous = row;
  }
  return best;
}

type Extractor = (file: string, pdf: Buffer) => Promise<string>;

const extractors: Record<string, Extractor> = {
  pdftotext: async (file) => execFileSync('pdftotext', [file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
  pdftotext_raw: async (file) => execFileSync('pdftotext', ['-raw', file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString(),
  pdfjs: async (_file, pdf) => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const content = await (await doc.getPage(p)).getTextContent();
      pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(''));
    }
    await doc.destroy();
    return pages.join('\n');
  },
  embedded_xml: async (_file, pdf) => (await readLetterData(pdf))?.text ?? '',
};

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-text-'));
  const errors: Record<string, { distance: number; length: number }> = Object.fromEntries(Object.keys(extractors).map((k) => [k, { distance: 0, length: 0 }]));
  const table: Array<Record<string, unknown>> = [];
  try {
    for (const kind of letterKinds) {
      const letter: LetterDocument = sampleLetters[kind];
      const pdf = renderLetterPdf(letter);
      const file = path.join(dir, `${kind}.pdf`);
      writeFileSync(file, pdf);
      const paragraphs = letter.body.map((p) => compact(letter.thaiDigits ? toThaiDigits(p) : p));
      const row: Record<string, unknown> = { kind };
      for (const [name, extract] of Object.entries(extractors)) {
        const text = compact(await extract(file, pdf));
        const distance = paragraphs.reduce((sum, p) => sum + closest(p, text), 0);
        const length = paragraphs.reduce((sum, p) => sum + [...p].length, 0);
        errors[name]!.distance += distance;
        errors[name]!.length += length;
        row[name] = `${((100 * distance) / Math.max(1, length)).toFixed(1)} %`;
      }
      table.push(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const splits = countSplits();
  const cer = Object.fromEntries(Object.entries(errors).map(([name, e]) => [`${name}_cer_percent`, Number(((100 * e.distance) / e.length).toFixed(2))]));
  table.push({ kind: 'all', ...Object.fromEntries(Object.entries(cer).map(([k, v]) => [k.replace('_cer_percent', ''), `${v} %`])) });
  table.push({ kind: 'line ends splitting a dictionary word', pdftotext: `Typst alone ${splits.before}`, pdftotext_raw: `as laid out ${splits.after}` });
  return {
    figures: { text_extraction: { ...cer, splits_typst_alone: splits.before, splits_as_laid_out: splits.after } },
    table,
  };
}
