/**
 * `pdf`: median milliseconds to render a complete external letter of one page and of
 * five pages (Garuda, every part, signature block, and the QR code of its verification
 * page, made for each letter as signing makes it) through the real renderer, and letters
 * per second with 2 worker threads (one Typst compiler each). In the same run, the one-page
 * letter laid out as a plain PDF (no PDF/A, no attached data): what PDF/A-3 costs.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';
import type { LetterDocument } from '@/server/letters/letter-kinds';
import { renderPdf } from '@/server/documents/typst';
import { letterTemplate } from '@/server/letters/letter-template';
import { letterLayoutData, renderLetterPdf } from '@/server/letters/render-letter';
import { sampleLetters } from '@/server/letters/sample-letters';
import { renderSigned } from './pdf-signed';
import type { BenchResult } from './run';

const onePage: LetterDocument = { ...sampleLetters.external, body: sampleLetters.external.body.slice(0, 2), copies: [] };

async function pages(pdf: Buffer) {
  return (await PDFDocument.load(pdf)).getPageCount();
}

/** The body repeated until the letter runs to exactly `target` pages. */
async function letterOf(target: number) {
  const paragraphs = [...sampleLetters.external.body];
  let letter: LetterDocument = { ...sampleLetters.external, body: paragraphs };
  while ((await pages(renderLetterPdf(letter))) < target) {
    paragraphs.push(sampleLetters.external.body[paragraphs.length % 3]!);
    letter = { ...letter, body: [...paragraphs] };
  }
  while ((await pages(renderLetterPdf(letter))) > target) {
    paragraphs.pop();
    letter = { ...letter, body: [...paragraphs] };
  }
  return letter;
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeRenders(letter: LetterDocument, times: number) {
  for (let i = 0; i < 10; i++) await renderSigned(letter, i); // warm: fonts, Garuda, caches
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await renderSigned(letter, i);
    ms.push(performance.now() - started);
  }
  return Number(median(ms).toFixed(2));
}

/** The same letters as a plain PDF: Typst's layout and export without PDF/A and the attached data. */
function timePlain(letter: LetterDocument, times: number) {
  const render = (i: number) => renderPdf(letterTemplate, letterLayoutData({ ...letter, documentNumber: `นร 0105/${i + 1}` }));
  for (let i = 0; i < 10; i++) render(i);
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    render(i);
    ms.push(performance.now() - started);
  }
  return Number(median(ms).toFixed(2));
}

async function throughput(letter: LetterDocument, workers: number, perWorker: number) {
  const pool = Array.from({ length: workers }, () => new Worker(path.join(import.meta.dirname, 'pdf-worker.mjs')));
  const run = (count: number) => Promise.all(pool.map((w) => new Promise((resolve) => { w.once('message', resolve); w.postMessage({ letter, count }); })));
  await run(10); // warm each compiler
  const started = performance.now();
  await run(perWorker);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(pool.map((w) => w.terminate()));
  return Math.round((workers * perWorker) / seconds);
}

export async function run(): Promise<BenchResult> {
  if ((await pages(renderLetterPdf(onePage))) !== 1) throw new Error('the one-page letter is not one page');
  const fivePages = await letterOf(5);
  const one = await timeRenders(onePage, 200);
  const plain = timePlain(onePage, 200);
  const five = await timeRenders(fivePages, 60);
  const perSecond = await throughput(onePage, 2, 300);
  const pdfaRatio = Number((one / plain).toFixed(2));
  const figures = { one_page_ms: one, five_page_ms: five, letters_per_s: perSecond, workers: 2, qr_code: 'yes', one_page_plain_ms: plain, pdfa_ratio: pdfaRatio };
  return {
    figures: { pdf: figures },
    table: [
      { measure: 'one-page external letter, median ms', value: one, target: '≤ 25' },
      { measure: 'the same as a plain PDF (no PDF/A, no data, no QR), median ms', value: plain, target: '' },
      { measure: 'PDF/A-3 with its data and QR ÷ plain', value: pdfaRatio, target: '' },
      { measure: 'five-page external letter, median ms', value: five, target: '≤ 80' },
      { measure: 'letters per second, 2 workers (one page)', value: perSecond, target: '≥ 60' },
    ],
  };
}
