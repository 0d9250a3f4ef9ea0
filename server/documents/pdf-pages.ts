import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { loadPdfjs } from './pdfjs';
import { renderScale } from '@/server/storage/file-bounds';

const modules = path.join(process.cwd(), 'node_modules');

/** A PDF's pages as PNG images (pdf.js on a native canvas): for OCR, and for the letter preview; a page too large for `dpi` is rendered smaller (server/storage/file-bounds.ts). */
export async function* pdfPageImages(file: Buffer, { dpi, maxPages }: { dpi: number; maxPages: number }): AsyncGenerator<Buffer> {
  const pdfjs = await loadPdfjs();
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(file), verbosity: 0, isEvalSupported: false,
    standardFontDataUrl: path.join(modules, 'pdfjs-dist', 'standard_fonts') + path.sep,
    cMapUrl: path.join(modules, 'pdfjs-dist', 'cmaps') + path.sep, cMapPacked: true,
  }).promise;
  try {
    for (let n = 1; n <= Math.min(doc.numPages, maxPages); n++) {
      const page = await doc.getPage(n);
      const [width, height] = [page.view[2]! - page.view[0]!, page.view[3]! - page.view[1]!];
      const viewport = page.getViewport({ scale: renderScale(Math.abs(width), Math.abs(height), dpi) });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvasContext: context as never, viewport, canvas: canvas as never }).promise;
      yield canvas.toBuffer('image/png');
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
}
