import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** SHA-256 (or its HMAC, given a key) in the shape the signer takes. */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Data) => (typeof data === 'string' ? data : ArrayBuffer.isView(data)
  ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));

class Sha256 {
  private hash: Hash | Hmac;
  private readonly secret?: string | Uint8Array;
  constructor(secret?: Data) {
    this.secret = secret === undefined ? undefined : bytes(secret);
    this.hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: Data) {
    this.hash.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {
    this.hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

export type SignedRequest = { method: string; url: string; headers: Record<string, string | string[] | undefined> };

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

const header = (headers: SignedRequest['headers'], name: string) => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

function amzDate(value: string | undefined) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

/**
 * Whether a request to the embedded object store carries a valid AWS Signature V4 (the
 * Authorization header) by these credentials, made within 15 minutes. The signature is
 * computed again over the headers it names, with the same signer the S3 client uses.
 */
export async function hasValidSignature(req: SignedRequest, credentials: { accessKeyId: string; secretAccessKey: string }, now = Date.now()) {
  const m = AUTH.exec(header(req.headers, 'authorization') ?? '');
  if (!m) return false;
  const [, accessKeyId, shortDate, region, service, signedHeaderList, signature] = m;
  if (accessKeyId !== credentials.accessKeyId || service !== 's3') return false;
  const signingDate = amzDate(header(req.headers, 'x-amz-date'));
  if (!signingDate || Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) return false;
  if (signingDate.toISOString().slice(0, 10).replace(/-/g, '') !== shortDate) return false;

  const names = signedHeaderList!.split(';');
  if (!names.includes('host')) return false;
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = header(req.headers, name);
    if (value === undefined) return false;
    headers[name] = value;
  }
  const url = new URL(req.url, 'http://store.invalid');
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  // S3 signs the path as sent (no second encoding).
  const signer = new SignatureV4({ credentials, region: region!, service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const signed = await signer.sign(
    { method: req.method.toUpperCase(), protocol: 'http:', hostname: headers.host!, path: url.pathname, query, headers },
    { signingDate, signableHeaders: new Set(names) },
  );
  const expected = /Signature=([0-9a-f]{64})$/.exec(String(signed.headers.authorization ?? signed.headers.Authorization))?.[1];
  return !!expected && timingSafeEqual(Buffer.from(expected), Buffer.from(signature!));
}
