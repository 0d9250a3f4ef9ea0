/**
 * `request`: an authenticated, tenant-scoped tRPC query (units.list) through the real
 * HTTP server (next start, next-auth cookie, RLS transaction) at 50 concurrent clients,
 * against a bare node:http + postgres.js handler doing the same query in the same kind
 * of transaction, in the same run on the same PostgreSQL.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '@/server/runtime/free-port';
import { derivedRolePassword } from '@/db/migrate';
import type { BenchResult } from './run';
import { load, signIn, startProcess, stopProcess, waitFor } from './lib';

const root = path.resolve(import.meta.dirname, '..');
const CONCURRENCY = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

export async function run(): Promise<BenchResult> {
  const dataDir = path.join(root, '.data-bench');
  rmSync(dataDir, { recursive: true, force: true });
  const [port, pgPort, s3Port, rawPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const app = startProcess(['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
    SARABAN_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_S3_PORT: String(s3Port),
  });
  let raw: ReturnType<typeof startProcess> | undefined;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/health`, 300_000, app.child, app.output);
    const cookie = await signIn(base, 'opm', 'registry');

    const secrets = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { authSecret: string; postgresPassword: string };
    const owner = postgres(`postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${pgPort}/saraban`, { max: 1 });
    const [who] = await owner<{ tenant_id: string; id: string }[]>`
      select u.tenant_id, u.id from users u join tenants t on t.id = u.tenant_id where t.code = 'opm' and u.username = 'registry'`;
    await owner.end();
    raw = startProcess(['--import', 'tsx', path.join(root, 'bench/raw-server.ts')], {
      RAW_PORT: String(rawPort), RAW_TENANT_ID: who!.tenant_id, RAW_USER_ID: who!.id,
      RAW_DATABASE_URL: `postgres://saraban_app:${derivedRolePassword(secrets.authSecret, 'saraban_app')}@127.0.0.1:${pgPort}/saraban`,
    });
    await waitFor(`http://127.0.0.1:${rawPort}/`, 30_000, raw.child, raw.output);

    const trpc = await load(`${base}/api/trpc/units.list`, { cookie }, CONCURRENCY, SECONDS);
    const bare = await load(`http://127.0.0.1:${rawPort}/`, {}, CONCURRENCY, SECONDS);
    const ratio = Number((trpc.req_per_s / bare.req_per_s).toFixed(3));
    return {
      figures: {
        request: {
          req_per_s: trpc.req_per_s, raw_req_per_s: bare.req_per_s, ratio,
          p50_ms: trpc.p50_ms, p95_ms: trpc.p95_ms, raw_p50_ms: bare.p50_ms, raw_p95_ms: bare.p95_ms,
          concurrency: CONCURRENCY, seconds: SECONDS,
        },
      },
      table: [
        { path: 'tRPC units.list via the app server (session, viewer, RLS tx)', ...trpc },
        { path: 'bare node:http + postgres.js (same tx, same query)', ...bare },
        { path: 'ratio', req_per_s: ratio },
      ],
    };
  } finally {
    if (raw) await stopProcess(raw.child);
    await stopProcess(app.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
