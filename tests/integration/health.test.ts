import { afterEach, describe, expect, it, vi } from 'vitest';
import { closePools } from '@/db/client';

async function health() {
  vi.resetModules();
  const { GET } = await import('@/app/api/health/route');
  const response = await GET();
  return { status: response.status, body: await response.json() };
}

describe('GET /api/health', () => {
  afterEach(async () => {
    vi.unstubAllEnvs();
    await closePools();
  });

  it('answers 200 when the database and the storage are up', async () => {
    expect(await health()).toEqual({ status: 200, body: { ok: true, database: 'up', storage: 'up' } });
  });

  it('answers 503 naming the storage when it is down', async () => {
    vi.stubEnv('S3_ENDPOINT', 'http://127.0.0.1:9');
    expect(await health()).toEqual({ status: 503, body: { ok: false, database: 'up', storage: 'down' } });
  });

  it('answers 503 naming the database when it is down', async () => {
    vi.stubEnv('DATABASE_APP_URL', 'postgres://saraban_app:x@127.0.0.1:9/nothing');
    expect(await health()).toEqual({ status: 503, body: { ok: false, database: 'down', storage: 'up' } });
  });
});
