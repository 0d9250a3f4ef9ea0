let loaded: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined;

/**
 * pdf.js, loaded once per process. Each `import()` of it is resolved again by the module
 * loader (its hooks run on a thread of their own), which costs milliseconds a call under load.
 */
export function loadPdfjs() {
  loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loaded;
}
