import type { IncomingMessage, ServerResponse } from 'node:http';
import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { bodyLimitFor, checkBodySize, checkOrigin, clientAddress, CLIENT_ADDRESS_HEADER, createFrontDoor } from '@/server/http/front-door';

const request = (method: string, url: string, headers: Record<string, string>, remote = '203.0.113.9') =>
  ({ method, url, headers: { host: 'saraban.example.go.th', ...headers }, socket: { remoteAddress: remote } }) as unknown as IncomingMessage;

function response() {
  const r = { statusCode: 200, body: '', headers: {} as Record<string, string> };
  return Object.assign(r, {
    setHeader: (k: string, v: string) => { r.headers[k] = v; },
    end: (b: string) => { r.body = b; },
  }) as unknown as ServerResponse & { body: string };
}

describe('the front door', () => {
  const admit = createFrontDoor({ publicOrigins: ['https://saraban.example.go.th'], trustedProxies: ['10.0.0.0/8'], maxUploadBytes: 50 * 1024 * 1024 });

  it('refuses a state change from another site, by Origin or by Sec-Fetch-Site', () => {
    for (const headers of <Array<Record<string, string>>>[
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://other.example.go.th' },
      { origin: 'null' },
    ]) {
      const res = response();
      expect(admit(request('POST', '/api/trpc/letters.markNotificationsRead', headers), res), JSON.stringify(headers)).toBe(false);
      expect([res.statusCode, JSON.parse(res.body).error.messageKey]).toEqual([403, 'cross_site_request']);
    }
    const res = response();
    expect(admit(request('POST', '/api/letters/paper', { origin: 'https://evil.example', 'content-length': '10' }), res)).toBe(false);
    expect(res.statusCode).toBe(403);
  });

  it('lets the app\'s own pages, programs without a browser, and reads through', () => {
    expect(checkOrigin(request('POST', '/api/trpc/x', { origin: 'https://saraban.example.go.th', 'sec-fetch-site': 'same-origin' }), [])).toBeNull();
    expect(checkOrigin(request('POST', '/api/trpc/x', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }), [])).toBeNull();
    expect(checkOrigin(request('POST', '/api/trpc/x', { origin: 'https://saraban.example.go.th' }, ), ['https://saraban.example.go.th/'])).toBeNull();
    expect(checkOrigin(request('POST', '/api/trpc/x', {}), [])).toBeNull();
    expect(admit(request('GET', '/inbox', { origin: 'https://evil.example' }), response())).toBe(true);
  });

  it('lets a signed webhook in from anywhere (its signature is its proof)', () => {
    expect(admit(request('POST', '/api/inbound/resend', { origin: 'https://api.resend.example', 'content-length': '200' }), response())).toBe(true);
  });

  it('refuses a body over its route\'s limit from the announced length, before reading it', () => {
    const res = response();
    expect(admit(request('POST', '/api/inbound/resend', { 'content-length': String(600 * 1024 * 1024) }), res)).toBe(false);
    expect([res.statusCode, JSON.parse(res.body).error.messageKey]).toEqual([413, 'payload_too_large']);
    expect(bodyLimitFor('/api/trpc/outgoing.preview', 50)).toBe(1024 * 1024);
    expect(bodyLimitFor('/api/letters/paper', 1024)).toBeGreaterThan(20 * 1024);
    // A scan read for its details, and a paper-signed letter's scan attached to its reserved number.
    expect(bodyLimitFor('/api/letters/prefill', 50 * 1024 * 1024)).toBe(51 * 1024 * 1024);
    expect(bodyLimitFor('/api/outgoing/8c0e7f3a/paper', 50 * 1024 * 1024)).toBeGreaterThan(50 * 1024 * 1024);
    expect(bodyLimitFor('/api/auth/callback/credentials', 1024)).toBe(64 * 1024);
    expect(checkBodySize(request('POST', '/api/auth/signout', { 'transfer-encoding': 'chunked' }), '/api/auth/signout', 1)).toEqual({ status: 411, messageKey: 'length_required' });
    expect(checkBodySize(request('POST', '/api/trpc/x', { 'transfer-encoding': 'chunked' }), '/api/trpc/x', 1)).toBeNull();
  });

  it('gives each page a fresh script nonce in its policy (and Next.js the same in the request), the API none, and HSTS only over https', () => {
    const page = request('GET', '/inbox', {});
    const first = response();
    admit(page, first);
    const policy = (first as unknown as { headers: Record<string, string> }).headers['Content-Security-Policy']!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(page.headers['content-security-policy']).toBe(policy);
    const second = response();
    admit(request('GET', '/inbox', { 'content-security-policy': "script-src 'nonce-chosen-by-client'" }), second);
    expect((second as unknown as { headers: Record<string, string> }).headers['Content-Security-Policy']).not.toBe(policy);
    expect((second as unknown as { headers: Record<string, string> }).headers['Content-Security-Policy']).not.toContain('chosen-by-client');
    const api = response();
    admit(request('GET', '/api/trpc/units.list', {}), api);
    expect((api as unknown as { headers: Record<string, string> }).headers['Content-Security-Policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((first as unknown as { headers: Record<string, string> }).headers['Strict-Transport-Security']).toBeUndefined();
    const secure = createFrontDoor({ publicOrigins: [], trustedProxies: [], maxUploadBytes: 1, https: true });
    const overTls = response();
    secure(request('GET', '/', {}), overTls);
    expect((overTls as unknown as { headers: Record<string, string> }).headers['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('believes X-Forwarded-For only from a configured proxy, read from the right', () => {
    const proxies = new BlockList();
    proxies.addSubnet('10.0.0.0', 8, 'ipv4');
    expect(clientAddress('198.51.100.4', '1.2.3.4', proxies)).toBe('198.51.100.4');
    expect(clientAddress('10.0.0.2', '1.2.3.4, 198.51.100.4', proxies)).toBe('198.51.100.4');
    expect(clientAddress('10.0.0.2', '198.51.100.4, 10.0.0.3', proxies)).toBe('198.51.100.4');
    expect(clientAddress('::ffff:10.0.0.2', 'garbage', proxies)).toBe('10.0.0.2');
    const req = request('GET', '/', { [CLIENT_ADDRESS_HEADER]: '1.1.1.1', 'x-forwarded-for': '1.1.1.1' });
    admit(req, response());
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe('203.0.113.9');
  });
});
