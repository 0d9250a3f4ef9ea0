type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loaded: Promise<Pdfjs> | undefined;

/**
 * pdf.js, loaded once per process, with the code of its worker (in Node it runs in this thread,
 * handed over as `globalThis.pdfjsWorker`, as pdf.js provides for). Each `import()` is resolved
 * again by the module loader (its hooks run on a thread of their own), which costs milliseconds a
 * call under load; the first load compiles both (about half a second), which the job worker does
 * as it starts rather than the first letter that needs it.
 */
export function loadPdfjs() {
  loaded ??= (async () => {
    const [pdfjs, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    return pdfjs;
  })();
  return loaded;
}
