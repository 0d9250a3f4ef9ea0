import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { MAX_IMAGE_PIXELS, MAX_RENDER_PIXELS, OCR_FILE_TIMEOUT_MS } from '@/server/storage/file-bounds';
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

/** Gives up the engine (a file took too long): the next page starts a fresh one at once; the old one is stopped once it lets go. */
function abandonEngine() {
  const old = worker;
  worker = undefined;
  const busy = queue;
  queue = Promise.resolve();
  void busy.finally(() => old?.then((w) => w.terminate())).catch(() => {});
  // A page that never ends would keep the old engine's thread: it is stopped after a grace period whatever it is doing.
  setTimeout(() => void old?.then((w) => w.terminate()).catch(() => {}), 5_000).unref();
}

/** Stops the OCR engine's thread (at shutdown). */
export async function stopOcr() {
  const w = worker;
  worker = undefined;
  if (w) await (await w).terminate();
}

export class OcrTimedOut extends Error {}

/**
 * The text of a scanned letter (PDF, JPEG, PNG or TIFF), read page by page with Thai OCR
 * (Tesseract). One page at a time per process: each page takes about a second and
 * much memory, and this runs in the background. Every page is rendered within
 * MAX_RENDER_PIXELS; a file that takes longer than `timeoutMs` in all is given up (the engine
 * restarted), so it cannot hold the worker from other letters.
 */
export async function readScanText(file: Buffer, contentType: string, timeoutMs = OCR_FILE_TIMEOUT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const pages: string[] = [];
  // Once this file is given up, its pages still queued are skipped; other files' pages (another
  // agency's letter waiting behind it) are read by the fresh engine.
  const reading = { givenUp: false };
  for await (const image of pageImages(file, contentType)) {
    const run = queue.then(async () => {
      if (reading.givenUp) throw new OcrTimedOut('ocr given up');
      return (await thaiWorker()).recognize(image);
    });
    queue = run.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new OcrTimedOut('ocr timed out')), Math.max(0, deadline - Date.now())); });
    try {
      pages.push(normalizeThai((await Promise.race([run, late])).data.text));
    } catch (error) {
      // The engine may still be busy with the page: it is abandoned and stopped, and the next file gets a fresh one.
      if (error instanceof OcrTimedOut && !reading.givenUp) {
        reading.givenUp = true;
        abandonEngine();
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
  return pages.join('\n\n').trim();
}

/** An image as OCR takes it: within MAX_RENDER_PIXELS (a larger one is scaled down, its proportions kept). */
async function bounded(image: Sharp) {
  const { width = 1, height = 1 } = await image.metadata();
  const scale = Math.min(1, Math.sqrt(MAX_RENDER_PIXELS / (width * height)));
  return (scale < 1 ? image.resize({ width: Math.floor(width * scale) }) : image).png().toBuffer();
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
    for (let page = 0; page < pages; page++) yield await bounded(sharp(file, { page, limitInputPixels: MAX_IMAGE_PIXELS }));
  } else {
    // Decoded by sharp first: a damaged image fails here with a clear error.
    yield await bounded(sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS }));
  }
}

