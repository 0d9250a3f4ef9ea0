import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { pdfPageImages } from './pdf-pages';

const modules = path.join(process.cwd(), 'node_modules');
/** Thai (and the Latin it contains) trained data, from the npm package: nothing is downloaded. */
const LANG_PATH = path.join(modules, '@tesseract.js-data', 'tha', '4.0.0_best_int');
const MAX_PAGES = 30;
const DPI = 300;

let worker: Promise<Worker> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function thaiWorker() {
  // errorHandler: a failed page rejects its own call; without it the engine also throws from its message handler.
  worker ??= createWorker('tha', OEM.LSTM_ONLY, { langPath: LANG_PATH, cacheMethod: 'none', gzip: true, errorHandler: () => {} });
  return worker;
}

/** Stops the OCR engine's thread (at shutdown). */
export async function stopOcr() {
  const w = worker;
  worker = undefined;
  if (w) await (await w).terminate();
}

/**
 * The text of a scanned letter (PDF, JPEG, PNG or TIFF), read page by page with Thai OCR
 * (Tesseract). One page at a time per process: each page takes about a second and
 * much memory, and this runs in the background.
 */
export async function readScanText(file: Buffer, contentType: string): Promise<string> {
  const pages: string[] = [];
  for await (const image of pageImages(file, contentType)) {
    const run = queue.then(async () => (await thaiWorker()).recognize(image));
    queue = run.catch(() => {});
    pages.push(normalizeThai((await run).data.text));
  }
  return pages.join('\n\n').trim();
}

/** OCR writes สำ as นิคหิต + สระอา; search and people expect สระอำ. Trailing spaces go too. */
function normalizeThai(text: string) {
  return text.replace(/\u0e4d\u0e32/g, '\u0e33').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n');
}

async function* pageImages(file: Buffer, contentType: string): AsyncGenerator<Buffer> {
  if (contentType === 'application/pdf') {
    yield* pdfPageImages(file, { dpi: DPI, maxPages: MAX_PAGES });
  } else if (contentType === 'image/tiff') {
    const pages = Math.min((await sharp(file).metadata()).pages ?? 1, MAX_PAGES);
    for (let page = 0; page < pages; page++) yield await sharp(file, { page }).png().toBuffer();
  } else {
    // Decoded by sharp first: a damaged image fails here with a clear error.
    yield await sharp(file).png().toBuffer();
  }
}

