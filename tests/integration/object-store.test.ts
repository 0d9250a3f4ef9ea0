import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedS3 } from '@/server/runtime/embedded-s3';
import { freePort } from '@/server/runtime/free-port';

let dir: string;
let store: Awaited<ReturnType<typeof startEmbeddedS3>>;

const client = (credentials: { accessKeyId: string; secretAccessKey: string }) => new S3Client({
  endpoint: store.endpoint, region: 'us-east-1', forcePathStyle: true, credentials,
  requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(folder, e.name);
    return e.isDirectory() ? [full, ...filesUnder(full)] : [full];
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-store-'));
  store = await startEmbeddedS3({ dir: path.join(dir, 's3'), port: await freePort(), bucket: 'letters' });
});

afterAll(async () => {
  await store.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedded object store', () => {
  it('serves the service, signed with its generated credentials', async () => {
    expect(store.accessKeyId).not.toBe('S3RVER');
    await client(store).send(new PutObjectCommand({ Bucket: 'letters', Key: 'tenants/a/letter.pdf', Body: 'ลับ' }));
    const got = await client(store).send(new GetObjectCommand({ Bucket: 'letters', Key: 'tenants/a/letter.pdf' }));
    expect(await got.Body!.transformToString()).toBe('ลับ');
  });

  it('refuses anyone else: no signature, the old default keys, or a wrong secret', async () => {
    for (const [method, url] of [['GET', '/letters/tenants/a/letter.pdf'], ['GET', '/letters'], ['GET', '/'], ['PUT', '/letters/tenants/a/other.pdf'], ['DELETE', '/letters/tenants/a/letter.pdf']]) {
      const response = await fetch(`${store.endpoint}${url}`, { method, body: method === 'PUT' ? 'x' : undefined });
      expect(response.status, `${method} ${url}`).toBe(403);
    }
    for (const credentials of [{ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, { accessKeyId: store.accessKeyId, secretAccessKey: 'guessed' }]) {
      await expect(client(credentials).send(new GetObjectCommand({ Bucket: 'letters', Key: 'tenants/a/letter.pdf' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    }
    const got = await client(store).send(new GetObjectCommand({ Bucket: 'letters', Key: 'tenants/a/letter.pdf' }));
    expect(await got.Body!.transformToString()).toBe('ลับ');
  });

  it('keeps its folder and files readable by the service\'s own user only', () => {
    const entries = [path.join(dir, 's3'), ...filesUnder(path.join(dir, 's3'))];
    expect(entries.some((e) => e.endsWith('letter.pdf._S3rver_object') || e.includes('letter.pdf'))).toBe(true);
    for (const entry of entries) expect(statSync(entry).mode & 0o077, entry).toBe(0);
  });
});
