import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

/** An S3-compatible server (s3rver) on loopback with its files under `dir`. */
export async function startEmbeddedS3(opts: { dir: string; port: number; bucket: string }) {
  mkdirSync(opts.dir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1', port: opts.port, directory: opts.dir, silent: true,
    configureBuckets: [{ name: opts.bucket, configs: [] }],
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    stop: () => server.close(),
  };
}
