import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { scanPdf, signIn, signOut } from './helpers';

const evil = 'https://evil.example';

test('a state change from another site is refused and changes nothing; the app\'s own requests go through', async ({ page }) => {
  await signIn(page, 'dla', 'registry');
  await expect(page.getByRole('heading', { name: /สวัสดี/ })).toBeVisible();
  const api = page.request;
  const waiting = async () => (await (await api.get('/api/trpc/registry.waiting')).json()).result.data.length as number;
  const before = await waiting();

  const letter = JSON.stringify({
    documentNumber: 'มท 0808/ว 1', letterDate: '2026-11-20', fromText: 'กรมจากเว็บอื่น', toText: 'อธิบดี', subject: 'ส่งมาจากเว็บไซต์อื่น',
    urgency: 'normal', secrecy: 'normal',
  });
  const multipart = { letter, files: { name: 'scan.pdf', mimeType: 'application/pdf', buffer: await scanPdf() } };
  for (const headers of <Array<Record<string, string>>>[{ origin: evil }, { 'sec-fetch-site': 'cross-site' }]) {
    const paper = await api.post('/api/letters/paper', { headers, multipart });
    expect(paper.status()).toBe(403);
    expect((await paper.json()).error.messageKey).toBe('cross_site_request');
    for (const path of ['registry.recordCheck', 'letters.markNotificationsRead']) {
      const response = await api.post(`/api/trpc/${path}`, { headers: { ...headers, 'content-type': 'text/plain' }, data: '{}' });
      expect(response.status(), path).toBe(403);
    }
  }
  expect(await waiting()).toBe(before);

  // The same request from the app's own origin is carried out.
  const own = await api.post('/api/letters/paper', { headers: { origin: new URL(page.url()).origin }, multipart });
  expect(own.status()).toBe(200);
  expect(await waiting()).toBe(before + 1);
});

test('sign-out ends the session on the server: a copy of the cookie opens nothing afterwards', async ({ page, context }) => {
  await signIn(page, 'dla', 'staff');
  await expect(page.getByRole('heading', { name: /สวัสดี/ })).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name.endsWith('next-auth.session-token'))!;
  const copied = { cookie: `${cookie.name}=${cookie.value}` };
  expect((await page.request.get('/api/trpc/me.get', { headers: copied })).status()).toBe(200);
  // Asking next-auth for a fresh cookie does not make a session outlive its server-side row.
  await page.request.get('/api/auth/session');
  await signOut(page);
  const after = await page.request.get('/api/trpc/me.get', { headers: copied });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.data.messageKey).toBe('session_expired');
});

test('pages carry a Content-Security-Policy whose nonce is on every script, and the app runs under it', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  const response = await page.goto('/login');
  const policy = response!.headers()['content-security-policy']!;
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("'unsafe-inline' 'strict-dynamic'");
  const html = await response!.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const again = await page.request.get('/login');
  expect(/'nonce-([^']+)'/.exec(again.headers()['content-security-policy']!)?.[1]).not.toBe(nonce);
  await signIn(page, 'dla', 'staff');
  await expect(page.getByRole('heading', { name: /สวัสดี/ })).toBeVisible();
  expect(violations).toEqual([]);
});

test('a body over its route\'s limit is refused from its announced length, before it is read', async ({ baseURL }) => {
  const url = new URL('/api/inbound/resend', baseURL);
  const started = Date.now();
  const status = await new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(600 * 1024 * 1024) } }, (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    req.on('error', reject);
    req.write('{"type":"email.received",');
  });
  expect(status).toBe(413);
  expect(Date.now() - started).toBeLessThan(5_000);
});
