/**
 * `npm start`: zero-setup launcher. Starts (or connects to) PostgreSQL and S3,
 * applies migrations, seeds the demo into an empty database, builds the web app if
 * its build is missing or older than the sources (at the same time as the rest), then serves it
 * on HOST:PORT and says how long that took. `npm run dev` does the same with Next.js in
 * development mode.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';
import { seedDemoIfEmpty } from '@/server/platform/seed-demo';
import { demoAgencies, demoOperator, DEMO_PASSWORD } from '@/db/seed-data';
import { boot } from '@/server/runtime/boot';
import { createFrontDoor } from '@/server/http/front-door';
import { securityHeaders } from '@/server/http/security-headers';
import { createTrpcHttpHandler, TRPC_PATH } from '@/server/http/trpc-http-handler';
import { env, resetEnv } from '@/core/env';
import { startDemoExchangeNode } from '@/server/exchange/demo-network';
import type { ExchangeNode } from '@/server/exchange/local-node';
import { ensureBucket } from '@/server/storage/s3';

const startedAt = performance.now();
const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

let building: ChildProcess | undefined;

/** Builds the web app if its build is missing or older than the sources; resolves when it is ready. */
function ensureBuild(): Promise<void> {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const sources = ['app', 'core', 'server', 'db', 'emails', 'public'].map((d) => path.join(root, d)).filter(existsSync);
  const newest = Math.max(...sources.map(newestSourceMtime), statSync(path.join(root, 'package-lock.json')).mtimeMs);
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newest) return Promise.resolve();
  console.log('Building the web app (first start or changed sources: a few minutes), while the database starts…');
  const build = building = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  return new Promise((resolve, reject) => {
    build.once('error', reject);
    build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error('next build failed'))));
  });
}

function elapsed() {
  const s = Math.round((performance.now() - startedAt) / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

async function main() {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  // The build needs no database: it runs while PostgreSQL and the object store start and the demo is seeded.
  const built = dev ? Promise.resolve() : ensureBuild();
  built.catch(() => {});
  const booted = await boot();
  let worker: ChildProcess | undefined;
  let exchangeNode: ExchangeNode | undefined;
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    if (building && building.exitCode === null) building.kill('SIGTERM');
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      // The worker abandons a job that will not end after 10 s; if it is stuck beyond that, it is killed
      // (its locks are released when a worker next starts: server/jobs/worker-registry.ts).
      if (await Promise.race([exited.then(() => 'exited'), new Promise((r) => setTimeout(() => r('timeout'), 15_000))]) === 'timeout') {
        worker.kill('SIGKILL');
        await exited;
      }
    }
    await exchangeNode?.close();
    await booted.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    process.env.NEXTAUTH_URL ??= `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    process.env.NEXT_TELEMETRY_DISABLED = '1';
    await ensureBucket();
    // The demo's government exchange node, on loopback beside the app (server/exchange/demo-network.ts).
    if (booted.seedDemo) {
      process.env.EXCHANGE_INTERNAL_HOSTS = [process.env.EXCHANGE_INTERNAL_HOSTS, '127.0.0.1'].filter(Boolean).join(',');
      resetEnv();
      exchangeNode = await startDemoExchangeNode().catch((error: unknown) => {
        console.warn(`[exchange] the demo exchange node did not start: ${(error as Error).message}`);
        return undefined;
      });
    }
    const seeded = booted.seedDemo ? await seedDemoIfEmpty(booted.ownerUrl) : false;
    await built;
    // Background jobs (receipt stamps, OCR, e-mail, deliveries, …) run in a child process,
    // restarted if it dies; JOB_CONCURRENCY=0 leaves them to a worker run elsewhere.
    if (Number(process.env.JOB_CONCURRENCY ?? 8) > 0) {
      const startWorker = () => {
        worker = fork(path.join(root, 'scripts', 'worker.ts'), [], {
          execArgv: ['--import', 'tsx'], env: { ...process.env, DATABASE_URL: booted.ownerUrl, NODE_ENV: 'production' }, stdio: 'inherit',
        });
        worker.once('exit', (code) => {
          if (closing) return;
          console.error(`[jobs] the worker stopped (code ${code}); restarting in 2 s`);
          setTimeout(() => { if (!closing) startWorker(); }, 2000);
        });
      };
      startWorker();
    }
    (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';

    const app = next({ dev, dir: root, hostname: host, port });
    const handle = app.getRequestHandler();
    await app.prepare();
    const trpc = createTrpcHttpHandler();
    const settings = env();
    const admit = createFrontDoor({
      publicOrigins: [settings.NEXTAUTH_URL, settings.PUBLIC_URL].filter((u): u is string => !!u),
      trustedProxies: settings.TRUSTED_PROXIES,
      maxUploadBytes: settings.MAX_UPLOAD_MB * 1024 * 1024,
      maxImportBytes: settings.MAX_IMPORT_MB * 1024 * 1024,
      https: [settings.NEXTAUTH_URL, settings.PUBLIC_URL].some((u) => u?.startsWith('https://')),
      dev,
    });
    const server = createServer((req, res) => {
      if (!admit(req, res)) return;
      if (req.url?.startsWith(TRPC_PATH)) {
        for (const { key, value } of securityHeaders) res.setHeader(key, value);
        trpc(req, res);
      } else {
        void handle(req, res);
      }
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));

    console.log(`\nSaraban is running at ${process.env.NEXTAUTH_URL} (started in ${elapsed()})`);
    console.log(booted.zeroSetup ? `  data folder: ${path.resolve(process.env.SARABAN_DATA_DIR ?? '.data')}` : '  using DATABASE_URL');
    if (booted.seedDemo) {
      console.log(`${seeded ? '  demo data created.' : '  demo data present.'} Demo accounts (password: ${DEMO_PASSWORD}):`);
      for (const a of demoAgencies) {
        console.log(`  agency "${a.code}" (${a.nameTh}): ${a.people.map((p) => p.username).join(', ')}`);
      }
      console.log(`  platform operator: ${demoOperator.username} (sign-in page → "ผู้ให้บริการแพลตฟอร์ม")`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  }
}

void main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
