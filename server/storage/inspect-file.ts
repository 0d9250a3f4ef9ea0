import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '@/core/errors';
import { loadPdfjs } from '@/server/documents/pdfjs';
import { MAX_IMAGE_PIXELS, MAX_PAGE_AREA, MAX_PDF_PAGES } from './file-bounds';

const standardFonts = path.join(process.cwd(), 'node_modules', 'pdfjs-dist', 'standard_fonts') + path.sep;

/**
 * Opens a received file as its reader would: a PDF is parsed (pdf.js) down to its
 * pages, an image is decoded (sharp). A file that passes its first and last bytes but
 * cannot be opened is refused here, before anyone relies on it; so is one beyond the bounds
 * (server/storage/file-bounds.ts): too many pages, a page or an image too large, checked from
 * their declared sizes before anything is rendered or decoded.
 */
export async function assertReadable(bytes: Buffer, contentType: string) {
  if (contentType === 'application/pdf') {
    const pdfjs = await loadPdfjs();
    const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, stopAtErrors: true, standardFontDataUrl: standardFonts });
    try {
      const doc = await task.promise;
      try {
        if (doc.numPages < 1) throw new AppError('pdf_corrupt');
        if (doc.numPages > MAX_PDF_PAGES) throw new AppError('file_too_many_pages');
        for (let n = 1; n <= doc.numPages; n++) {
          const page = await doc.getPage(n);
          const [x0, y0, x1, y1] = page.view;
          if (Math.abs((x1! - x0!) * (y1! - y0!)) > MAX_PAGE_AREA) throw new AppError('file_page_too_large');
          page.cleanup();
        }
      } finally {
        await doc.destroy();
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      const name = (error as { name?: string }).name;
      if (name === 'PasswordException') throw new AppError('pdf_encrypted');
      // pdf.js's own verdicts on the file; anything else is this server's problem, not the sender's.
      if (name && /PDFException|FormatError|UnknownErrorException|InvalidPDF/.test(name)) throw new AppError('pdf_corrupt');
      // A structure nested past what a reader can follow (a PDF bomb) is a broken file too.
      if (error instanceof RangeError) throw new AppError('pdf_corrupt');
      throw error;
    } finally {
      await task.destroy().catch(() => {});
    }
    return;
  }
  let pixels = 0;
  try {
    const { width = 0, height = 0, pageHeight, pages = 1 } = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (pages > MAX_PDF_PAGES) throw new AppError('file_too_many_pages');
    pixels = width * (pageHeight ?? height);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('image_corrupt');
  }
  if (pixels > MAX_IMAGE_PIXELS) throw new AppError('file_page_too_large');
  try {
    // Decoded small: every page of a TIFF, to the last scanline of a JPEG.
    await sharp(bytes, { failOn: 'truncated', pages: -1, limitInputPixels: MAX_IMAGE_PIXELS * (MAX_PDF_PAGES / 10) }).resize({ width: 32 }).raw().toBuffer();
  } catch {
    throw new AppError('image_corrupt');
  }
}
