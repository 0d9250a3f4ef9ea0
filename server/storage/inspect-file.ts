import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '@/core/errors';

const standardFonts = path.join(process.cwd(), 'node_modules', 'pdfjs-dist', 'standard_fonts') + path.sep;

/**
 * Opens a received file as its reader would: a PDF is parsed (pdf.js) down to its
 * pages, an image is decoded (sharp). A file that passes its first and last bytes but
 * cannot be opened is refused here, before anyone relies on it.
 */
export async function assertReadable(bytes: Buffer, contentType: string) {
  if (contentType === 'application/pdf') {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const task = pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, stopAtErrors: true, standardFontDataUrl: standardFonts });
    try {
      const doc = await task.promise;
      try {
        if (doc.numPages < 1) throw new AppError('pdf_corrupt');
        await doc.getPage(1);
      } finally {
        await doc.destroy();
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      const name = (error as { name?: string }).name;
      if (name === 'PasswordException') throw new AppError('pdf_encrypted');
      // pdf.js's own verdicts on the file; anything else is this server's problem, not the sender's.
      if (name && /PDFException|FormatError|UnknownErrorException|InvalidPDF/.test(name)) throw new AppError('pdf_corrupt');
      throw error;
    } finally {
      await task.destroy().catch(() => {});
    }
    return;
  }
  try {
    // Decoded small: every page of a TIFF, to the last scanline of a JPEG.
    await sharp(bytes, { failOn: 'truncated', pages: -1 }).resize({ width: 32 }).raw().toBuffer();
  } catch {
    throw new AppError('image_corrupt');
  }
}
