/**
 * The embedded object store's own process (started by embedded-s3.ts): s3rver with the
 * signature check in front, its files created owner-only (this process's umask, which
 * touches nothing else). It exits with its parent.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import S3rver from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account';
import { hasValidSignature } from './s3-signature';

type KoaContext = { method: string; url: string; headers: Record<string, string | string[] | undefined>; status: number; body: unknown; type: string };
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;
type Options = { dir: string; port: number; bucket: string; accessKeyId: string; secretAccessKey: string };

const opts = JSON.parse(process.env.SARABAN_STORE_OPTIONS ?? '{}') as Options;
process.umask(0o077);
mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
chmodSync(opts.dir, 0o700);

const server = new S3rver({
  address: '127.0.0.1', port: opts.port, directory: opts.dir, silent: true,
  configureBuckets: [{ name: opts.bucket, configs: [] }],
});
const credentials = { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey };
// s3rver itself serves anonymous requests and takes any V4 signature: nothing reaches it unchecked.
const refuse: KoaMiddleware = async (ctx, next) => {
  if (await hasValidSignature(ctx, credentials)) return next();
  ctx.status = 403;
  ctx.type = 'application/xml';
  ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
};
(server as unknown as { middleware: KoaMiddleware[] }).middleware.unshift(refuse);
// s3rver looks the key up in its own account registry after our check.
DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);

const stop = () => {
  const closing = server.close();
  // Clients' open keep-alive connections would otherwise keep it serving, and running, until they idle out.
  (server as unknown as { httpServer?: Server }).httpServer?.closeAllConnections();
  void closing.finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);

server.run().then(
  (address) => process.send!({ ready: true, port: address.port }),
  (error: unknown) => {
    process.send!({ ready: false, error: String(error) });
    process.exit(1);
  },
);
