// A thread writing long tables as PDF (server/documents/table-pdf-thread.ts): a task's rows arrive
// on its port a page of the listing at a time and are laid out here, off the thread that reads them.
// Worker threads do not inherit the TypeScript loader of the process that starts them: registered here.
import { register } from 'tsx/esm/api';

register();
const { TablePdf } = await import('./table-pdf.ts');
const { fileSink } = await import('./file-sink.ts');

export default function writeTable({ file, spec, port }) {
  return new Promise((resolve, reject) => {
    const out = fileSink(file);
    const table = new TablePdf(spec, out);
    const fail = (error) => {
      port.close();
      reject(error);
    };
    out.on('error', fail);
    port.on('message', (message) => {
      try {
        if (message.rows) {
          table.add(message.rows);
          port.postMessage({ added: message.rows.length });
        } else if (message.end) {
          const pages = table.end();
          out.on('finish', () => {
            port.close();
            resolve({ pages });
          });
        } else if (message.abort) {
          out.destroy();
          fail(new Error('the table was given up'));
        }
      } catch (error) {
        fail(error);
      }
    });
  });
}
