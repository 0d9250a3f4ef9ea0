import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Transform } from 'node:stream';
import { decryptStream, encryptStream, MAGIC } from '@/server/backup/backup-crypto';

async function collect(transform: Transform, input: Buffer): Promise<Buffer> {
  const parts: Buffer[] = [];
  return new Promise((resolve, reject) => {
    transform.on('data', (part: Buffer) => parts.push(part));
    transform.on('end', () => resolve(Buffer.concat(parts)));
    transform.on('error', reject);
    transform.end(input);
  });
}
const sealBuffer = (key: Buffer, plain: Buffer) => collect(encryptStream(key), plain);
const openBuffer = (key: Buffer, sealed: Buffer) => collect(decryptStream(key), sealed);

const key = randomBytes(32);
const MB = 1 << 20;
const HEADER = MAGIC.length + 16;
const RECORD = (n: number) => 4 + n + 16;

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    return (error as Error).message;
  }
  return 'opened';
}

describe('backup files: chunked AES-256-GCM', () => {
  it('gives back exactly what was sealed, of any length, the last chunk marked', async () => {
    for (const size of [0, 1, 1000, MB - 1, MB, MB + 1, 3 * MB + 7]) {
      const plain = randomBytes(size);
      const sealed = await sealBuffer(key, plain);
      expect(sealed.length, `${size}`).toBe(HEADER + (size <= MB ? RECORD(size) : Math.ceil(size / MB) * 20 + size));
      expect((await openBuffer(key, sealed)).equals(plain), `${size}`).toBe(true);
    }
  });

  it('the same content sealed twice differs (a fresh salt and file key each time)', async () => {
    const plain = Buffer.from('หนังสือราชการ');
    expect((await sealBuffer(key, plain)).equals(await sealBuffer(key, plain))).toBe(false);
  });

  it('refuses a changed byte, another key, a file cut at a chunk boundary, a dropped or swapped chunk, appended data', async () => {
    const plain = randomBytes(2 * MB + 10);
    const sealed = await sealBuffer(key, plain);
    const flipped = Buffer.from(sealed);
    flipped[HEADER + 100]! ^= 1;
    expect(await failure(openBuffer(key, flipped))).toMatch(/chunk 0 does not open/);
    expect(await failure(openBuffer(randomBytes(32), sealed))).toMatch(/chunk 0 does not open/);

    const first = sealed.subarray(HEADER, HEADER + RECORD(MB));
    const second = sealed.subarray(HEADER + RECORD(MB), HEADER + 2 * RECORD(MB));
    const last = sealed.subarray(HEADER + 2 * RECORD(MB));
    const head = sealed.subarray(0, HEADER);
    expect(await failure(openBuffer(key, Buffer.concat([head, first, second])))).toMatch(/cut short/);
    expect(await failure(openBuffer(key, Buffer.concat([head, first, last])))).toMatch(/chunk 1 does not open/);
    expect(await failure(openBuffer(key, Buffer.concat([head, second, first, last])))).toMatch(/chunk 0 does not open/);
    expect(await failure(openBuffer(key, Buffer.concat([sealed, last])))).toMatch(/after the end/);
    expect(await failure(openBuffer(key, Buffer.concat([Buffer.from('NOTMAGIC'), sealed.subarray(8)])))).toMatch(/not a Saraban backup file/);
  });
});
