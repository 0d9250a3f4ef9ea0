// pdf.js's worker code, loaded in this thread for its fake worker (server/documents/pdfjs.ts); only handed over, never called here.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
