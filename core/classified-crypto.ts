import sodiumModule from 'libsodium-wrappers-sumo';

/**
 * The cryptography of classified letters (docs/classified.md), the same code in the
 * browser and on the server: libsodium (audited, maintained) for everything.
 *
 * - A person's key pair is X25519 (`crypto_box`); the private half is kept only sealed
 *   with a key stretched from the person's classified passphrase by Argon2id (64 MiB).
 * - Each classified letter has a random content key. Its details are one XChaCha20-Poly1305
 *   message; each file is AES-256-GCM in 1 MiB segments (WebCrypto) under a key derived from it.
 * - A content key reaches a reader as a sealed box for their public key, bound to the
 *   letter it opens.
 *
 * Every message carries what it belongs to as associated data, so a ciphertext or wrapped
 * key moved to another letter, file or person fails to open rather than opening wrongly.
 */

export type Sodium = typeof sodiumModule;

let ready: Promise<Sodium> | null = null;
/** libsodium once loaded (its WebAssembly is compiled on first use). */
export function sodium(): Promise<Sodium> {
  ready ??= sodiumModule.ready.then(() => sodiumModule);
  return ready;
}

/** What stretches a passphrase: Argon2id, 3 passes over 64 MiB (the floor the design requires). */
export const passphraseCost = { opsLimit: 3, memLimit: 64 * 1024 * 1024 } as const;

/** Raised when a ciphertext, wrapped key or passphrase does not open: tampered, misplaced or wrong. */
export class SealBroken extends Error {
  constructor(what: string) {
    super(`classified: ${what} did not open`);
    this.name = 'SealBroken';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBase64(s: Sodium, bytes: Uint8Array) {
  return s.to_base64(bytes, s.base64_variants.ORIGINAL);
}
export function fromBase64(s: Sodium, text: string) {
  try {
    return s.from_base64(text, s.base64_variants.ORIGINAL);
  } catch {
    throw new SealBroken('encoding');
  }
}

/** A public key's fingerprint as people compare it: 16 bytes of BLAKE2b in eight groups of four hex digits. */
export function fingerprintOf(s: Sodium, publicKey: Uint8Array) {
  const hex = s.to_hex(s.crypto_generichash(16, publicKey, encoder.encode('saraban-key-fingerprint')));
  return hex.match(/.{4}/g)!.join(' ');
}

export type SealedPrivateKey = {
  publicKey: string;
  sealedPrivateKey: string;
  salt: string;
  opsLimit: number;
  memLimit: number;
  fingerprint: string;
};

function personContext(owner: string) {
  return encoder.encode(`saraban:private-key:${owner}`);
}

function stretch(s: Sodium, passphrase: string, salt: Uint8Array, opsLimit: number, memLimit: number) {
  if (memLimit < passphraseCost.memLimit || opsLimit < passphraseCost.opsLimit) throw new SealBroken('weak key parameters');
  return s.crypto_pwhash(s.crypto_aead_xchacha20poly1305_ietf_KEYBYTES, passphrase, salt, opsLimit, memLimit, s.crypto_pwhash_ALG_ARGON2ID13);
}

/**
 * A new key pair for `owner` (the agency and person it belongs to, bound into the seal),
 * its private half sealed under the passphrase. Nothing returned reveals the private key.
 */
export function createKeyPair(s: Sodium, passphrase: string, owner: string): { sealed: SealedPrivateKey; keys: KeyPair } {
  const pair = s.crypto_box_keypair();
  return { sealed: sealPrivateKey(s, pair, passphrase, owner), keys: { publicKey: pair.publicKey, privateKey: pair.privateKey } };
}

export type KeyPair = { publicKey: Uint8Array; privateKey: Uint8Array };

/** The private half of `pair` sealed under a (new) passphrase: used at set-up and after recovery. */
export function sealPrivateKey(s: Sodium, pair: KeyPair, passphrase: string, owner: string): SealedPrivateKey {
  const salt = s.randombytes_buf(s.crypto_pwhash_SALTBYTES);
  const key = stretch(s, passphrase, salt, passphraseCost.opsLimit, passphraseCost.memLimit);
  const nonce = s.randombytes_buf(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const box = s.crypto_aead_xchacha20poly1305_ietf_encrypt(pair.privateKey, personContext(owner), null, nonce, key);
  s.memzero(key);
  return {
    publicKey: toBase64(s, pair.publicKey), sealedPrivateKey: toBase64(s, concat(nonce, box)), salt: toBase64(s, salt),
    opsLimit: passphraseCost.opsLimit, memLimit: passphraseCost.memLimit, fingerprint: fingerprintOf(s, pair.publicKey),
  };
}

/** The key pair unsealed with the passphrase; a wrong passphrase (or a tampered seal) throws SealBroken. */
export function unlockKeyPair(s: Sodium, sealed: Omit<SealedPrivateKey, 'fingerprint'>, passphrase: string, owner: string): KeyPair {
  const key = stretch(s, passphrase, fromBase64(s, sealed.salt), sealed.opsLimit, sealed.memLimit);
  const bytes = fromBase64(s, sealed.sealedPrivateKey);
  const nonceBytes = s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  let privateKey: Uint8Array;
  try {
    privateKey = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bytes.subarray(nonceBytes), personContext(owner), bytes.subarray(0, nonceBytes), key);
  } catch {
    throw new SealBroken('private key');
  } finally {
    s.memzero(key);
  }
  const publicKey = fromBase64(s, sealed.publicKey);
  // The public key stored beside the seal must be this private key's: else a swapped public key would receive wraps we cannot read.
  if (s.to_hex(s.crypto_scalarmult_base(privateKey)) !== s.to_hex(publicKey)) throw new SealBroken('key pair');
  return { publicKey, privateKey };
}

/** A recovery key pair for an agency: the private half is printed once, never stored on the platform. */
export function createRecoveryKey(s: Sodium) {
  const pair = s.crypto_box_keypair();
  return { publicKey: toBase64(s, pair.publicKey), fingerprint: fingerprintOf(s, pair.publicKey), privateKey: recoveryText(s, pair.privateKey) };
}

/** Four check bytes that catch a mistyped recovery key. */
const recoveryCheck = (s: Sodium, privateKey: Uint8Array) => s.crypto_generichash(16, privateKey, null).subarray(0, 4);

/** The printed form of a recovery private key: hex in groups of four, with a check, that a person can type back. */
function recoveryText(s: Sodium, privateKey: Uint8Array) {
  const check = recoveryCheck(s, privateKey);
  return s.to_hex(concat(privateKey, check)).toUpperCase().match(/.{4}/g)!.join('-');
}

/** The recovery key pair from its printed form (dashes and spaces ignored); a mistyped one fails its check. */
export function readRecoveryKey(s: Sodium, text: string): KeyPair {
  const hex = text.replace(/[\s-]/g, '').toLowerCase();
  if (!/^[0-9a-f]{72}$/.test(hex)) throw new SealBroken('recovery key');
  const bytes = s.from_hex(hex);
  const privateKey = bytes.subarray(0, 32);
  if (s.to_hex(recoveryCheck(s, privateKey)) !== s.to_hex(bytes.subarray(32))) throw new SealBroken('recovery key');
  return { publicKey: s.crypto_scalarmult_base(privateKey), privateKey: new Uint8Array(privateKey) };
}

export function newContentKey(s: Sodium) {
  return s.crypto_aead_xchacha20poly1305_ietf_keygen();
}

/** The content key of `letterId` sealed for one reader's public key. */
export function wrapKey(s: Sodium, contentKey: Uint8Array, letterId: string, publicKey: Uint8Array | string) {
  const recipient = typeof publicKey === 'string' ? fromBase64(s, publicKey) : publicKey;
  return toBase64(s, s.crypto_box_seal(concat(encoder.encode(letterId), contentKey), recipient));
}

/** The content key of `letterId` from a key wrapped for `pair`; a wrap for another letter or person throws. */
export function unwrapKey(s: Sodium, wrapped: string, letterId: string, pair: KeyPair) {
  let opened: Uint8Array;
  try {
    opened = s.crypto_box_seal_open(fromBase64(s, wrapped), pair.publicKey, pair.privateKey);
  } catch {
    throw new SealBroken('wrapped key');
  }
  const id = encoder.encode(letterId);
  if (opened.length !== id.length + 32 || decoder.decode(opened.subarray(0, id.length)) !== letterId) throw new SealBroken('wrapped key');
  return opened.slice(id.length);
}

/** A small value (a letter's details) sealed with the content key, bound to `context`. */
export function sealJson(s: Sodium, contentKey: Uint8Array, context: string, value: unknown) {
  const nonce = s.randombytes_buf(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const box = s.crypto_aead_xchacha20poly1305_ietf_encrypt(encoder.encode(JSON.stringify(value)), encoder.encode(context), null, nonce, contentKey);
  return toBase64(s, concat(nonce, box));
}

export function openJson<T>(s: Sodium, contentKey: Uint8Array, context: string, sealed: string): T {
  const bytes = fromBase64(s, sealed);
  const n = s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  try {
    return JSON.parse(decoder.decode(s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bytes.subarray(n), encoder.encode(context), bytes.subarray(0, n), contentKey))) as T;
  } catch {
    throw new SealBroken(context);
  }
}

export const detailsContext = (letterId: string) => `letter:${letterId}:details`;
export const fileContext = (letterId: string, fileId: string) => `letter:${letterId}:file:${fileId}`;

/*
 * Files: AES-256-GCM from WebCrypto (native, and run off the page's thread, so a download
 * is opened as fast as it arrives) in the STREAM construction (Hoang, Reyhanitabar,
 * Rogaway, Vizár 2015): 1 MiB segments, each with the IV = 7-byte random prefix ‖ 32-bit
 * segment number ‖ last-segment flag, and the file's context as associated data. The AES key
 * is derived from the content key (libsodium's BLAKE2b KDF), never the content key itself.
 * A segment reordered, dropped, cut off at a segment boundary, or moved to another file fails.
 */
export const FILE_SEGMENT = 1024 * 1024;
const FILE_MAGIC = [0x53, 0x52, 0x42, 0x31]; // "SRB1"
const IV_PREFIX = 7;
const FILE_HEADER = FILE_MAGIC.length + IV_PREFIX;
const GCM_TAG = 16;

async function fileKey(s: Sodium, contentKey: Uint8Array, usage: 'encrypt' | 'decrypt') {
  const raw = s.crypto_kdf_derive_from_key(32, 1, 'srbfile_', contentKey);
  try {
    return await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [usage]);
  } finally {
    s.memzero(raw);
  }
}

function segmentIv(prefix: Uint8Array, index: number, last: boolean) {
  const iv = new Uint8Array(12);
  iv.set(prefix, 0);
  new DataView(iv.buffer).setUint32(IV_PREFIX, index);
  iv[11] = last ? 1 : 0;
  return iv;
}

/** The size of a file of `plainSize` bytes once sealed. */
export function sealedSize(plainSize: number) {
  return FILE_HEADER + plainSize + Math.max(1, Math.ceil(plainSize / FILE_SEGMENT)) * GCM_TAG;
}

/** A whole file sealed with (a key derived from) the content key, bound to its letter and file. */
export async function sealFile(s: Sodium, contentKey: Uint8Array, context: string, plain: Uint8Array) {
  const key = await fileKey(s, contentKey, 'encrypt');
  const prefix = s.randombytes_buf(IV_PREFIX);
  const ad = encoder.encode(context);
  const segments = Math.max(1, Math.ceil(plain.length / FILE_SEGMENT));
  const sealed = await Promise.all(Array.from({ length: segments }, (_, i) => crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: segmentIv(prefix, i, i === segments - 1), additionalData: ad },
    key, plain.subarray(i * FILE_SEGMENT, (i + 1) * FILE_SEGMENT) as Uint8Array<ArrayBuffer>,
  )));
  return concat(new Uint8Array(FILE_MAGIC), prefix, ...sealed.map((b) => new Uint8Array(b)));
}

/**
 * Opens a sealed file as its bytes arrive (a download need not finish before decryption
 * starts): `push` takes the next bytes and starts opening every segment now complete,
 * `finish` the last one; the plain segments come back in order. A failure is SealBroken.
 */
export async function fileOpener(s: Sodium, contentKey: Uint8Array, context: string) {
  const key = await fileKey(s, contentKey, 'decrypt');
  const ad = encoder.encode(context);
  const segmentBytes = FILE_SEGMENT + GCM_TAG;
  // The bytes received and not yet opened, kept as the pieces they came in (copied only to make a segment).
  const queue: Uint8Array[] = [];
  let head = 0;
  let queued = 0;
  let prefix: Uint8Array | null = null;
  let index = 0;
  const opened: Array<Promise<Uint8Array>> = [];

  function take(n: number) {
    queued -= n;
    const first = queue[head]!;
    if (first.length >= n) {
      if (first.length === n) head++;
      else queue[head] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = new Uint8Array(n);
    for (let at = 0; at < n;) {
      const piece = queue[head]!;
      const k = Math.min(n - at, piece.length);
      out.set(piece.subarray(0, k), at);
      at += k;
      if (k === piece.length) head++;
      else queue[head] = piece.subarray(k);
    }
    if (head > 1024) {
      queue.splice(0, head);
      head = 0;
    }
    return out;
  }

  function open(segment: Uint8Array, last: boolean) {
    const iv = segmentIv(prefix!, index++, last);
    const result = crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: ad }, key, segment as Uint8Array<ArrayBuffer>)
      .then((b) => new Uint8Array(b), () => { throw new SealBroken('file'); });
    result.catch(() => {}); // awaited in order by `result()`; a failure is not unhandled meanwhile
    opened.push(result);
  }

  return {
    push(bytes: Uint8Array) {
      if (bytes.length === 0) return;
      queue.push(bytes);
      queued += bytes.length;
      if (!prefix) {
        if (queued < FILE_HEADER) return;
        const header = take(FILE_HEADER);
        if (!FILE_MAGIC.every((b, i) => header[i] === b)) throw new SealBroken('file');
        prefix = header.slice(FILE_MAGIC.length);
      }
      // A full segment is opened only once more bytes follow it: the last segment may be full too.
      while (queued > segmentBytes) open(take(segmentBytes), false);
    },
    /** Every plain segment in order, once the stream has ended. */
    async result() {
      if (!prefix || queued < GCM_TAG) throw new SealBroken('file');
      open(take(queued), true);
      return concat(...(await Promise.all(opened)));
    },
  };
}

/** A sealed file opened whole (see fileOpener). */
export async function openFile(s: Sodium, contentKey: Uint8Array, context: string, sealed: Uint8Array) {
  const opener = await fileOpener(s, contentKey, context);
  opener.push(sealed);
  return opener.result();
}

/** A sealed file opened from a stream (a fetch's body) as it downloads. */
export async function openFileStream(s: Sodium, contentKey: Uint8Array, context: string, body: ReadableStream<Uint8Array>) {
  const opener = await fileOpener(s, contentKey, context);
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    opener.push(value);
  }
  return opener.result();
}

function concat(...parts: Uint8Array[]) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** What a classified letter's details hold once sealed: never stored in the clear. */
export type SealedDetails = {
  subject: string;
  remarks: string;
  /** Each file's real name and type (the stored row says only "sealed"). */
  files: Array<{ id: string; name: string; type: string }>;
};

/** A key a content key is wrapped for: a person's current key or the agency's recovery key. */
export type WrapTarget = { keyId: string; publicKey: string };

/**
 * Everything the recorder's browser does to take in a classified letter: a new content key,
 * the details sealed, each file sealed, and the key wrapped for each target (the recorder
 * and the agency's recovery key). Only ciphertext and wrapped keys leave the browser.
 */
export async function sealNewLetter(
  s: Sodium,
  input: { letterId: string; subject: string; remarks: string; files: Array<{ id: string; name: string; type: string; bytes: Uint8Array }>; wrapFor: WrapTarget[] },
) {
  const contentKey = newContentKey(s);
  const details: SealedDetails = { subject: input.subject, remarks: input.remarks, files: input.files.map(({ id, name, type }) => ({ id, name, type })) };
  const sealed = {
    sealedDetails: sealJson(s, contentKey, detailsContext(input.letterId), details),
    keys: input.wrapFor.map((t) => ({ keyId: t.keyId, wrapped: wrapKey(s, contentKey, input.letterId, t.publicKey) })),
    files: await Promise.all(input.files.map(async (f) => ({ id: f.id, bytes: await sealFile(s, contentKey, fileContext(input.letterId, f.id), f.bytes) }))),
  };
  s.memzero(contentKey);
  return sealed;
}

/** How a sealed note (routing note, endorsement, action taken) is stored in a text column. */
export const SEALED_TEXT = 'sealed:';
export const noteContext = (letterId: string) => `letter:${letterId}:note`;

/** A note on a classified letter sealed with its content key: `sealed:<base64>`. */
export function sealText(s: Sodium, contentKey: Uint8Array, letterId: string, text: string) {
  return text === '' ? '' : SEALED_TEXT + sealJson(s, contentKey, noteContext(letterId), text);
}

/** A stored note as the reader sees it: opened if sealed, as it is if not. */
export function openText(s: Sodium, contentKey: Uint8Array, letterId: string, stored: string) {
  return stored.startsWith(SEALED_TEXT) ? openJson<string>(s, contentKey, noteContext(letterId), stored.slice(SEALED_TEXT.length)) : stored;
}

export const draftContext = (letterId: string, version: number) => `outgoing:${letterId}:version:${version}`;
