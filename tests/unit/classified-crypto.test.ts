import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createKeyPair, createRecoveryKey, detailsContext, fileContext, newContentKey, openFile, openJson, readRecoveryKey,
  SealBroken, sealFile, sealJson, sodium, openFileStream, unlockKeyPair, unwrapKey, wrapKey, FILE_SEGMENT, sealedSize,
} from '@/core/classified-crypto';

const letterId = '7d0c2a7e-8a4e-4a53-9a0c-2f0f8f3e0001';
const owner = 'tenant-a:person-1';

describe('classified letters are sealed with libsodium', () => {
  it('a private key opens only with its passphrase and for its owner', async () => {
    const s = await sodium();
    const { sealed, keys } = createKeyPair(s, 'ทางลับ correct horse', owner);
    expect(sealed.memLimit).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(sealed.sealedPrivateKey).not.toContain(s.to_base64(keys.privateKey, s.base64_variants.ORIGINAL));
    const again = unlockKeyPair(s, sealed, 'ทางลับ correct horse', owner);
    expect(Buffer.from(again.privateKey).equals(Buffer.from(keys.privateKey))).toBe(true);
    expect(() => unlockKeyPair(s, sealed, 'wrong', owner)).toThrow(SealBroken);
    expect(() => unlockKeyPair(s, sealed, 'ทางลับ correct horse', 'tenant-a:person-2')).toThrow(SealBroken);
    // A public key swapped beside the seal is noticed.
    const other = createKeyPair(s, 'x', owner).sealed;
    expect(() => unlockKeyPair(s, { ...sealed, publicKey: other.publicKey }, 'ทางลับ correct horse', owner)).toThrow(SealBroken);
    // Parameters weaker than the floor are refused rather than used.
    expect(() => unlockKeyPair(s, { ...sealed, memLimit: 1024 * 1024 }, 'ทางลับ correct horse', owner)).toThrow(SealBroken);
  });

  it('a content key wrapped for a reader opens only for that reader and that letter', async () => {
    const s = await sodium();
    const reader = createKeyPair(s, 'p', owner).keys;
    const stranger = createKeyPair(s, 'q', owner).keys;
    const key = newContentKey(s);
    const wrapped = wrapKey(s, key, letterId, reader.publicKey);
    expect(Buffer.from(unwrapKey(s, wrapped, letterId, reader)).equals(Buffer.from(key))).toBe(true);
    expect(() => unwrapKey(s, wrapped, letterId, stranger)).toThrow(SealBroken);
    expect(() => unwrapKey(s, wrapped, '7d0c2a7e-8a4e-4a53-9a0c-2f0f8f3e0002', reader)).toThrow(SealBroken);
    const bytes = Buffer.from(wrapped, 'base64');
    bytes[bytes.length - 1]! ^= 1;
    expect(() => unwrapKey(s, bytes.toString('base64'), letterId, reader)).toThrow(SealBroken);
  });

  it('details and files open with their key and context only; tampering and truncation fail', async () => {
    const s = await sodium();
    const key = newContentKey(s);
    const details = sealJson(s, key, detailsContext(letterId), { subject: 'เรื่องลับ', remarks: '' });
    expect(openJson(s, key, detailsContext(letterId), details)).toEqual({ subject: 'เรื่องลับ', remarks: '' });
    expect(() => openJson(s, key, detailsContext('other'), details)).toThrow(SealBroken);
    expect(() => openJson(s, newContentKey(s), detailsContext(letterId), details)).toThrow(SealBroken);

    for (const size of [0, 1, FILE_SEGMENT, FILE_SEGMENT + 1, 3 * FILE_SEGMENT]) {
      const plain = new Uint8Array(randomBytes(size));
      const sealed = await sealFile(s, key, fileContext(letterId, 'f1'), plain);
      expect(sealed.length).toBe(sealedSize(size));
      expect(Buffer.from(await openFile(s, key, fileContext(letterId, 'f1'), sealed)).equals(Buffer.from(plain))).toBe(true);
      await expect(openFile(s, key, fileContext(letterId, 'f2'), sealed)).rejects.toThrow(SealBroken);
      await expect(openFile(s, newContentKey(s), fileContext(letterId, 'f1'), sealed)).rejects.toThrow(SealBroken);
      await expect(openFile(s, key, fileContext(letterId, 'f1'), sealed.subarray(0, sealed.length - 10))).rejects.toThrow(SealBroken);
      const flipped = new Uint8Array(sealed);
      flipped[flipped.length - 1]! ^= 1;
      await expect(openFile(s, key, fileContext(letterId, 'f1'), flipped)).rejects.toThrow(SealBroken);
      if (size > FILE_SEGMENT) {
        // Cut at a segment boundary: the segment left last was not sealed as the last one.
        await expect(openFile(s, key, fileContext(letterId, 'f1'), sealed.subarray(0, 11 + FILE_SEGMENT + 16))).rejects.toThrow(SealBroken);
      }
    }
  });

  it('a sealed file opens as it arrives, in whatever pieces the network gives', async () => {
    const s = await sodium();
    const key = newContentKey(s);
    for (const size of [0, 5, FILE_SEGMENT, 2 * FILE_SEGMENT + 7]) {
      const plain = new Uint8Array(randomBytes(size));
      const sealed = await sealFile(s, key, 'ctx', plain);
      for (const piece of [1000, 65536, FILE_SEGMENT + 17, sealed.length]) {
        const pieces: Uint8Array[] = [];
        for (let at = 0; at < sealed.length; at += piece) pieces.push(sealed.slice(at, at + piece));
        const body = new ReadableStream<Uint8Array>({ start(c) { for (const p of pieces) c.enqueue(p); c.close(); } });
        expect(Buffer.from(await openFileStream(s, key, 'ctx', body)).equals(Buffer.from(plain))).toBe(true);
      }
      const cut = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(sealed.slice(0, sealed.length - 1)); c.close(); } });
      await expect(openFileStream(s, key, 'ctx', cut)).rejects.toThrow(SealBroken);
    }
  });

  it('the printed recovery key reads back, and a mistyped one is caught', async () => {
    const s = await sodium();
    const recovery = createRecoveryKey(s);
    const pair = readRecoveryKey(s, recovery.privateKey.toLowerCase().replace(/-/g, ' '));
    expect(s.to_base64(pair.publicKey, s.base64_variants.ORIGINAL)).toBe(recovery.publicKey);
    const typo = recovery.privateKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(() => readRecoveryKey(s, typo)).toThrow(SealBroken);
  });
});
