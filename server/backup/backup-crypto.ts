import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A backup's files are encrypted at rest with AES-256-GCM in chunks (docs/decisions.md: why not age).
 *
 * File: MAGIC (8 bytes) · salt (16) · records. The file key is HKDF-SHA256(backup key, salt), so no two
 * files share a key and a chunk's nonce can be its index. A record is a 4-byte big-endian header (the
 * plaintext length; the top bit marks the last record) · ciphertext · 16-byte tag, authenticated with the
 * header as associated data: a changed byte, a reordered, dropped or appended chunk, or a file cut short
 * (no last record) fails to open.
 */
export const MAGIC = Buffer.from('SRBKUP1\n');
const CHUNK = 1 << 20;
const LAST = 0x8000_0000;
const TAG = 16;

export class BackupDamaged extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupDamaged';
  }
}

/** The backup key from the operator's passphrase (scrypt, with the repository's own salt). */
export async function deriveBackupKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** A value kept beside the backup that tells a wrong key from a damaged file (it reveals nothing of the key). */
export function keyCheck(key: Buffer) {
  return createHmac('sha256', key).update('saraban-backup key check').digest('hex');
}

export function keyMatches(key: Buffer, check: string) {
  const expected = Buffer.from(keyCheck(key), 'hex');
  const given = Buffer.from(check, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The name a file's content is kept under: keyed, so the names do not tell which known file a backup holds. */
export function blobName(key: Buffer, sha256: string) {
  return createHmac('sha256', key).update(`blob:${sha256}`).digest('hex');
}

function fileKey(key: Buffer, salt: Buffer) {
  return Buffer.from(hkdfSync('sha256', key, salt, 'saraban-backup file v1', 32));
}

function nonce(index: number) {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(index, 8);
  return iv;
}

/** Encrypts a stream into the format above. */
export function encryptStream(key: Buffer): Transform {
  const salt = randomBytes(16);
  const fk = fileKey(key, salt);
  let index = 0;
  let started = false;
  const start = (stream: Transform) => {
    if (started) return;
    started = true;
    stream.push(Buffer.concat([MAGIC, salt]));
  };
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const seal = (plain: Buffer, last: boolean) => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE((plain.length | (last ? LAST : 0)) >>> 0);
    const cipher = createCipheriv('aes-256-gcm', fk, nonce(index++));
    cipher.setAAD(header);
    const body = cipher.update(plain);
    cipher.final();
    return Buffer.concat([header, body, cipher.getAuthTag()]);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      start(this);
      pending.push(chunk);
      pendingBytes += chunk.length;
      // A full chunk is sealed only when more follows it, so the last record is always known.
      while (pendingBytes > CHUNK) {
        const all = Buffer.concat(pending);
        this.push(seal(all.subarray(0, CHUNK), false));
        pending = [all.subarray(CHUNK)];
        pendingBytes = all.length - CHUNK;
      }
      done();
    },
    flush(done: TransformCallback) {
      start(this);
      this.push(seal(Buffer.concat(pending), true));
      done();
    },
  });
}

/** Decrypts a stream written by encryptStream; fails with BackupDamaged on any change, cut or addition. */
export function decryptStream(key: Buffer): Transform {
  let buffered: Buffer = Buffer.alloc(0);
  let fk: Buffer | null = null;
  let index = 0;
  let ended = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      try {
        if (!fk) {
          if (buffered.length < MAGIC.length + 16) return done();
          if (!buffered.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupDamaged('not a Saraban backup file (unknown header)');
          fk = fileKey(key, buffered.subarray(MAGIC.length, MAGIC.length + 16));
          buffered = buffered.subarray(MAGIC.length + 16);
        }
        for (;;) {
          if (buffered.length < 4) break;
          if (ended) throw new BackupDamaged('data after the end of the file');
          const header = buffered.subarray(0, 4);
          const word = header.readUInt32BE(0);
          const length = word & ~LAST;
          if (length > CHUNK) throw new BackupDamaged(`chunk ${index} is larger than any written`);
          if (buffered.length < 4 + length + TAG) break;
          const decipher = createDecipheriv('aes-256-gcm', fk, nonce(index++));
          decipher.setAAD(Buffer.from(header));
          decipher.setAuthTag(buffered.subarray(4 + length, 4 + length + TAG));
          const plain = decipher.update(buffered.subarray(4, 4 + length));
          try {
            decipher.final();
          } catch {
            throw new BackupDamaged(`chunk ${index - 1} does not open: the file was changed, or the key is another`);
          }
          this.push(plain);
          ended = (word & LAST) !== 0;
          buffered = buffered.subarray(4 + length + TAG);
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      if (!ended || buffered.length > 0) return done(new BackupDamaged(ended ? 'data after the end of the file' : 'the file is cut short (its last chunk is missing)'));
      done();
    },
  });
}
