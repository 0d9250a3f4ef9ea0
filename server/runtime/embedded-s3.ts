import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account';
import { hasValidSignature } from './s3-signature';

export type StoreCredentials = { accessKeyId: string; secretAccessKey: string };

export function generateStoreCredentials(): StoreCredentials {
  return { accessKeyId: `SARABAN${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64url') };
}

type KoaContext = { method: string; url: string; headers: Record<string, string | string[] | undefined>; status: number; body: unknown; type: string };
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/**
 * An S3-compatible server (s3rver) on loopback with its files under `dir`, for this
 * service alone: every request must be signed (AWS Signature V4) with the generated
 * credentials (s3rver itself would serve anonymous requests and takes any V4 signature),
 * and its folder and files are readable by the service's own OS user only.
 */
export async function startEmbeddedS3(opts: { dir: string; port: number; bucket: string; credentials?: StoreCredentials }) {
  const credentials = opts.credentials ?? generateStoreCredentials();
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  chmodSync(opts.dir, 0o700);
  // Objects s3rver writes from now on are created owner-only (it names no mode of its own).
  process.umask(0o077);
  const server = new S3rver({
    address: '127.0.0.1', port: opts.port, directory: opts.dir, silent: true,
    configureBuckets: [{ name: opts.bucket, configs: [] }],
  });
  const refuse: KoaMiddleware = async (ctx, next) => {
    if (await hasValidSignature(ctx, credentials)) return next();
    ctx.status = 403;
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
  };
  (server as unknown as { middleware: KoaMiddleware[] }).middleware.unshift(refuse);
  // s3rver looks the key up in its own account registry after our check.
  DUMMY_ACCOUNT.createKeyPair(credentials.accessKeyId, credentials.secretAccessKey);
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    ...credentials,
    stop: () => server.close(),
  };
}
