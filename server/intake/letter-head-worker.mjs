// The thread that reads a scan's head (server/intake/letter-head-pool.ts). Worker threads of Node 20
// do not inherit the TypeScript loader of the process that starts them: register it here.
import { register } from 'tsx/esm/api';

register();
const { readLetterHead } = await import('./read-letter-head.ts');

const readHead = ({ file, contentType, timeoutMs }) => readLetterHead(Buffer.from(file), contentType, timeoutMs);

export default readHead;
