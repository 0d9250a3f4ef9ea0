// A letter-layout thread (server/documents/layout-pool.ts). Worker threads of Node 20 do not
// inherit the TypeScript loader of the process that starts them: register it here.
import { register } from 'tsx/esm/api';

register();
const { previewPages } = await import('./layout-task.ts');

export default previewPages;
