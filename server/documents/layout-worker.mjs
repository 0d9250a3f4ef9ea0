// A letter-layout thread (server/documents/layout-pool.ts). Worker threads of Node 20 do not
// inherit the TypeScript loader of the process that starts them: register it here.
import { register } from 'tsx/esm/api';

register();
const { previewPages } = await import('./layout-task.ts');
const { renderPdf } = await import('./typst.ts');

export default previewPages;

/** A Typst template and its data as PDF (documents other than letters, such as a register). */
export function render({ template, data }) {
  return renderPdf(template, data);
}
