// A thread writing one long table as PDF (server/documents/table-pdf-thread.ts): rows arrive a page
// of the listing at a time and are laid out here, off the thread that reads them.
import { createWriteStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { TablePdf } = await import('./table-pdf.ts');

const out = createWriteStream(workerData.file);
const table = new TablePdf(workerData.spec, out);
out.on('error', (error) => parentPort.postMessage({ error: error.message }));
parentPort.on('message', (message) => {
  try {
    if (message.rows) {
      table.add(message.rows);
      parentPort.postMessage({ added: message.rows.length });
    } else if (message.end) {
      const pages = table.end();
      out.on('finish', () => parentPort.postMessage({ done: true, pages }));
    }
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
