import { createServer, type Server } from 'node:http';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrpcHttpHandler } from '@/server/http/trpc-http-handler';
import { createAgency, type TestAgency } from './factories';

let a: TestAgency;
let cookie: string;
let server: Server;
let base: string;

beforeAll(async () => {
  a = await createAgency();
  const token = await encode({ token: { claims: a.adminClaims }, secret: process.env.NEXTAUTH_SECRET! });
  cookie = `next-auth.session-token=${token}`;
  const handler = createTrpcHttpHandler();
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/trpc`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const GET = (url: string, init?: RequestInit) => fetch(url.replace('http://127.0.0.1/api/trpc', base), init);

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(`${base}/${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', cookie, ...headers }, duplex: 'half' } as RequestInit);
}

describe('the tRPC HTTP endpoint', () => {
  it('serves an authenticated query scoped to the caller\'s agency', async () => {
    const response = await GET('http://127.0.0.1/api/trpc/units.list', { headers: { cookie } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.result.data.map((u: { id: string }) => u.id).sort()).toEqual([a.rootUnitId, a.units.central, a.units.finance].sort());
  });

  it('answers 401 with the message key when there is no session', async () => {
    const response = await GET('http://127.0.0.1/api/trpc/units.list');
    expect(response.status).toBe(401);
    expect((await response.json()).error.data.messageKey).toBe('unauthorized');
  });

  it('refuses a body over 1 MB with 413', async () => {
    const response = await post('units.create', JSON.stringify({ nameTh: 'ก'.repeat(600_000) }));
    expect(response.status).toBe(413);
    expect((await response.json()).error.data.messageKey).toBe('payload_too_large');
  });

  it('refuses an oversized chunked body that announces no length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await post('units.create', stream);
    expect(response.status).toBe(413);
  });

  it('sets the acting-unit cookie over HTTP', async () => {
    const response = await post('me.setActingUnit', JSON.stringify({ unitId: a.rootUnitId }));
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toContain(`saraban_unit=${a.rootUnitId}`);
  });

  it('answers malformed input with 400, the key invalid_input and the issues per field', async () => {
    const response = await post('units.create', JSON.stringify({ parentId: 'not-a-uuid', nameTh: '', ownerNumber: 'abc' }));
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.data.messageKey).toBe('invalid_input');
    expect(Object.keys(error.data.fieldErrors).sort()).toEqual(['nameTh', 'ownerNumber', 'parentId']);
    expect(error.data.fieldErrors.ownerNumber.key).toBe('owner_number_format');
    expect(error.data.fieldErrors.nameTh).toMatchObject({ code: 'too_small', min: 1, origin: 'string' });
  });

  it('answers a body that is not JSON with 400', async () => {
    const response = await post('units.create', '{not json');
    expect(response.status).toBe(400);
  });

  it('never sends internal error details to the browser', async () => {
    const response = await post('people.get', JSON.stringify({ userId: a.adminId }));
    const text = await response.text();
    expect(text).not.toContain('password');
    expect(text).not.toContain('scrypt');
  });
});
