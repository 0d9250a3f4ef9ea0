// Worker threads of Node 20 do not inherit the TypeScript loader: register it here.
import { register } from 'tsx/esm/api';

register();
await import('./pdf-worker.ts');
