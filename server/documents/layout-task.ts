import type { LetterDocument } from '@/server/letters/letter-kinds';
import { renderLetterPdf } from '@/server/letters/render-letter';
import { pdfPageImages } from './pdf-pages';

export type LayoutTask = { doc: LetterDocument; pdf?: undefined } | { pdf: Uint8Array; doc?: undefined };

/**
 * The work of one preview, run on a layout thread: the letter laid out (Typst) — or a
 * signed PDF as it is — and its pages drawn as PNG data URLs.
 */
export async function previewPages({ dpi, maxPages, ...task }: LayoutTask & { dpi: number; maxPages: number }) {
  const pdf = task.doc ? renderLetterPdf(task.doc) : Buffer.from(task.pdf!);
  const pages: string[] = [];
  for await (const png of pdfPageImages(pdf, { dpi, maxPages })) pages.push(`data:image/png;base64,${png.toString('base64')}`);
  return pages;
}
