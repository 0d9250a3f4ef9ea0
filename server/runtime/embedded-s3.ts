import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type StoreCredentials = { accessKeyId: string; secretAccessKey: string };

export function generateStoreCredentials(): StoreCredentials {
  return { accessKeyId: `SARABAN${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64url') };
}

/**
 * An S3-compatible server (s3rver) on loopback with its files under `dir`, for this
 * service alone: in a process of its own (embedded-s3-server.ts), every request must be
 * signed (AWS Signature V4) with the generated credentials, and its folder and files are
 * readable by the service's OS user only.
 */
export async function startEmbeddedS3(opts: { dir: string; port: number; bucket: string; credentials?: StoreCredentials }) {
  const credentials = opts.credentials ?? generateStoreCredentials();
  const child = fork(path.join(import.meta.dirname, 'embedded-s3-server.ts'), [], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, SARABAN_STORE_OPTIONS: JSON.stringify({ dir: opts.dir, port: opts.port, bucket: opts.bucket, ...credentials }) },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { ready: boolean; port?: number; error?: string }) => (m.ready ? resolve(m.port!) : reject(new Error(
      `Could not start the embedded object store on 127.0.0.1:${opts.port} (is the port in use? set EMBEDDED_S3_PORT): ${m.error}`))));
    child.once('exit', (code) => reject(new Error(`the embedded object store exited (code ${code})`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    ...credentials,
    /** Its process id (for figures of what the store costs). */
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
