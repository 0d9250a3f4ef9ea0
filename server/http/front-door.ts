import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { sealedSize } from '@/core/classified-crypto';
import { MAX_FILES_PER_LETTER } from '@/server/storage/store-upload';

/** The header the front door sets to the client's address (any copy a client sends is dropped). */
export const CLIENT_ADDRESS_HEADER = 'x-saraban-client-address';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes that another system calls with its own proof (a signed webhook), not a browser session. */
const SIGNED_WEBHOOKS = ['/api/inbound/'];

export type FrontDoorOptions = {
  /** Origins the app is served from besides the request's own host (NEXTAUTH_URL, PUBLIC_URL). */
  publicOrigins: readonly string[];
  /** Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: readonly string[];
  /** Largest single upload (MAX_UPLOAD_MB) in bytes. */
  maxUploadBytes: number;
  /** Largest ZIP of an existing archive's files (MAX_IMPORT_MB) in bytes. */
  maxImportBytes?: number;
  /** Served to browsers over https (the public URL): browsers are told to use nothing else (HSTS). */
  https?: boolean;
  /** Next.js in development mode, whose fast refresh evaluates code. */
  dev?: boolean;
};

/**
 * The Content-Security-Policy of a page: scripts only from this origin and only those
 * Next.js marks with this response's nonce (it reads the nonce from the request's own
 * policy header), so an injected script runs nowhere. Styles may be inline (React's style
 * attributes); no plugin, no framing, forms and the base address only to this origin.
 * WebAssembly may be compiled (libsodium opens classified letters in the browser) without
 * allowing eval; a classified copy made in the browser may be framed as a blob to print.
 */
export function pagePolicy(nonce: string, dev = false) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The API answers data, never a document: nothing may load from it or frame it. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";
const HSTS = 'max-age=31536000; includeSubDomains';

export type Refusal = { status: number; messageKey: string };

const KB = 1024;
const MB = 1024 * KB;

/**
 * The largest body a route accepts, decided from its path before a byte is read: uploads
 * may carry a letter's files (a scan read for its details, one), the tRPC endpoint and webhooks
 * 1 MB, everything else 64 kB.
 */
/** MAX_IMPORT_MB's default, in bytes. */
const DEFAULT_IMPORT_BYTES = 4096 * 1024 * 1024;

export function bodyLimitFor(pathname: string, maxUploadBytes: number, maxImportBytes = DEFAULT_IMPORT_BYTES) {
  if (pathname === '/api/letters/paper') return maxUploadBytes * MAX_FILES_PER_LETTER + MB;
  // One scan: read for its details (nothing stored), or attached to a reserved number's line.
  if (pathname === '/api/letters/prefill') return maxUploadBytes + MB;
  if (/^\/api\/outgoing\/[^/]+\/paper$/.test(pathname)) return maxUploadBytes * MAX_FILES_PER_LETTER + MB;
  // Sealed scans (and a classified draft's attachments) carry a header and a tag per segment beyond their plain size.
  if (pathname === '/api/letters/classified' || /^\/api\/outgoing\/[^/]+\/attachments$/.test(pathname)) {
    return sealedSize(maxUploadBytes) * MAX_FILES_PER_LETTER + MB;
  }
  // An existing archive: its register file and a ZIP of its letters' files.
  if (pathname === '/api/imports') return maxUploadBytes + maxImportBytes + MB;
  if (pathname.startsWith('/api/trpc/') || SIGNED_WEBHOOKS.some((p) => pathname.startsWith(p))) return MB;
  return 64 * KB;
}

function trustedProxyList(entries: readonly string[]) {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, bits] = entry.split('/');
    const family = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(address!)) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or CIDR range`);
    if (bits === undefined) list.addAddress(address!, family);
    else list.addSubnet(address!, Number(bits), family);
  }
  return list;
}

const plainAddress = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

const isTrusted = (list: BlockList, address: string) => {
  const a = plainAddress(address);
  const family = isIP(a) === 6 ? 'ipv6' : isIP(a) === 4 ? 'ipv4' : null;
  return family !== null && list.check(a, family);
};

/**
 * The client's address: the socket's peer, or, when that peer is a configured proxy, the
 * nearest address in X-Forwarded-For that is not one of our proxies (a client can prepend
 * anything it likes to that header, so it is read from the right).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, proxies: BlockList) {
  let address = plainAddress(socketAddress ?? '');
  if (!address || !isTrusted(proxies, address) || !forwardedFor) return address || null;
  const hops = forwardedFor.split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plainAddress(hops[i]!);
    if (!isIP(hop)) break;
    address = hop;
    if (!isTrusted(proxies, hop)) break;
  }
  return address;
}

function originOf(url: string) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Whether a state-changing request comes from the app's own pages. Browsers send
 * `Sec-Fetch-Site` and `Origin` with every POST; a page of another site cannot forge
 * either. A request with neither comes from a program, not a browser carrying a victim's
 * cookies, and is judged by its credentials alone.
 */
export function checkOrigin(req: IncomingMessage, publicOrigins: readonly string[]): Refusal | null {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return { status: 403, messageKey: 'cross_site_request' };
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  const host = req.headers.host;
  let originHost: string | null = null;
  try {
    originHost = origin === 'null' ? null : new URL(origin).host;
  } catch { /* refused below */ }
  if (originHost !== null && originHost === host) return null;
  if (publicOrigins.map(originOf).includes(originOf(origin))) return null;
  return { status: 403, messageKey: 'cross_site_request' };
}

/** The size check made on the headers alone: an announced length over the route's limit, or no length where one is needed. */
export function checkBodySize(req: IncomingMessage, pathname: string, maxUploadBytes: number, maxImportBytes?: number): Refusal | null {
  const limit = bodyLimitFor(pathname, maxUploadBytes, maxImportBytes);
  const length = req.headers['content-length'];
  if (length !== undefined) {
    return Number(length) > limit ? { status: 413, messageKey: 'payload_too_large' } : null;
  }
  if (req.headers['transfer-encoding'] === undefined) return null;
  // The tRPC handler counts a chunked body as it reads it; other routes read theirs whole, so they need its length first.
  return pathname.startsWith('/api/trpc/') ? null : { status: 411, messageKey: 'length_required' };
}

/**
 * Every request passes here before tRPC or Next.js sees it: its client address is fixed,
 * a state change must come from the app's own origin (signed webhooks excepted), a body
 * over its route's limit is refused before it is read, and the response gets its
 * Content-Security-Policy (a fresh nonce per page) and, over https, HSTS.
 */
export function createFrontDoor(options: FrontDoorOptions) {
  const proxies = trustedProxyList(options.trustedProxies);
  return function admit(req: IncomingMessage, res: ServerResponse): boolean {
    const pathname = (req.url ?? '/').split('?')[0]!;
    delete req.headers[CLIENT_ADDRESS_HEADER];
    delete req.headers['content-security-policy'];
    delete req.headers['content-security-policy-report-only'];
    const forwarded = req.headers['x-forwarded-for'];
    const address = clientAddress(req.socket.remoteAddress, Array.isArray(forwarded) ? forwarded.join(',') : forwarded, proxies);
    if (address) req.headers[CLIENT_ADDRESS_HEADER] = address;

    const method = (req.method ?? 'GET').toUpperCase();
    const refusal = SAFE_METHODS.has(method)
      ? null
      : checkBodySize(req, pathname, options.maxUploadBytes, options.maxImportBytes)
        ?? (SIGNED_WEBHOOKS.some((p) => pathname.startsWith(p)) ? null : checkOrigin(req, options.publicOrigins));
    if (!refusal) {
      if (options.https) res.setHeader('Strict-Transport-Security', HSTS);
      if (pathname.startsWith('/api/')) {
        res.setHeader('Content-Security-Policy', API_POLICY);
      } else {
        const policy = pagePolicy(randomBytes(16).toString('base64'), options.dev);
        req.headers['content-security-policy'] = policy;
        res.setHeader('Content-Security-Policy', policy);
      }
      return true;
    }
    res.statusCode = refusal.status;
    res.setHeader('content-type', 'application/json');
    res.setHeader('connection', 'close');
    res.end(JSON.stringify({ error: { messageKey: refusal.messageKey } }));
    return false;
  };
}
