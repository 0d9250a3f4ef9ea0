/**
 * The bounds every received file is held to, before it is decoded and again when it is
 * rendered (OCR, previews): one file may never take the worker's memory or time from other
 * agencies' work. A real scan is far inside them (an A4 page at 600 dpi is 35 megapixels).
 */
export const MAX_PDF_PAGES = 500;
/** A page's area in PDF points² (1/72 inch): A0 with a margin. */
export const MAX_PAGE_AREA = 2384 * 3370 * 1.25;
/** An image's pixels (per TIFF page). */
export const MAX_IMAGE_PIXELS = 60_000_000;
/** Pixels of a page rendered for OCR: A4 at 300 dpi with a margin; a larger page is rendered smaller. */
export const MAX_RENDER_PIXELS = 12_000_000;
/** How long reading one file's text may take before it is given up (the job fails and is retried, then kept). */
export const OCR_FILE_TIMEOUT_MS = 180_000;

/** The scale (pixels per point) that renders a page at `dpi`, or smaller so it stays within MAX_RENDER_PIXELS. */
export function renderScale(width: number, height: number, dpi: number) {
  const wanted = dpi / 72;
  // A little under the bound, so the canvas rounded up to whole pixels stays within it.
  return Math.min(wanted, Math.sqrt(MAX_RENDER_PIXELS / Math.max(1, width * height)) * 0.998);
}
