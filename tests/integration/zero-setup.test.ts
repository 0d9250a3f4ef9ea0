import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CLASSIFIED } from '@/server/platform/seed-demo';
import { personEnv } from './factories';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'saraban-zero-'));
chmodSync(dataDir, 0o755);

/** The boot probe run as a person would start it: no configuration from the test run leaks in. */
function spawnProbe(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'tests/integration/boot-probe.ts')], {
    cwd: root, env: personEnv(env), encoding: 'utf8', timeout: 120_000,
  });
}

function probe(env: Record<string, string>) {
  const result = spawnProbe(env);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`boot failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  logs.push(result.stdout, result.stderr);
  return JSON.parse(line);
}

const logs: string[] = [];

/** Every file under a folder (the database's files and WAL, the object store, the generated secrets). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : e.isFile() ? [full] : [];
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('zero-setup start', () => {
  const ports = { EMBEDDED_PG_PORT: String(56000 + Math.floor(Math.random() * 1000)), EMBEDDED_S3_PORT: '0' };

  it('with no configuration starts its own PostgreSQL and S3, migrates and seeds three agencies', () => {
    const first = probe({ SARABAN_DATA_DIR: dataDir, ...ports });
    expect(first).toMatchObject({ zeroSetup: true, seeded: true, agencies: 3, health: { ok: true, database: 'up', storage: 'up' } });
    // The demo's ลับ letter came from opm to cgd through the platform, sealed, and was registered there;
    // its key is held by cgd's registry officer and director (sealed for them, then routed) and its recovery key.
    expect(first.classified).toEqual({ channel: 'platform', from_code: 'opm', registered: 1, sealed: true, holders: 3 });
    expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(true);
  }, 120_000);

  it('the demo classified letter is nowhere in the clear: not in the data folder (database files and WAL, objects, secrets) nor in the logs', () => {
    const needles = [DEMO_CLASSIFIED.subject, DEMO_CLASSIFIED.marker].map((n) => Buffer.from(n, 'utf8'));
    const files = filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const needle of needles) expect(bytes.includes(needle), `${needle.toString()} in ${path.relative(dataDir, file)}`).toBe(false);
    }
    for (const log of logs) for (const needle of needles) expect(log.includes(needle.toString())).toBe(false);
  });

  it('a second start reuses the data: same agencies and people, nothing seeded again', () => {
    const again = probe({ SARABAN_DATA_DIR: dataDir, ...ports });
    expect(again).toMatchObject({ zeroSetup: true, seeded: false, agencies: 3, users: 18 });
  }, 120_000);

  it('after a start killed outright leaves its PostgreSQL running, the next start stops it and comes up', () => {
    const killed = spawnProbe({ SARABAN_DATA_DIR: dataDir, ...ports, PROBE_DIE: '1' });
    expect(killed.signal).toBe('SIGKILL');
    const orphan = Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(orphan, 0)).not.toThrow();
    const again = probe({ SARABAN_DATA_DIR: dataDir, ...ports });
    expect(again).toMatchObject({ zeroSetup: true, seeded: false, agencies: 3, health: { ok: true } });
    expect(() => process.kill(orphan, 0)).toThrow();
  }, 180_000);

  it('with DATABASE_URL uses that server and requires AUTH_SECRET', () => {
    const owner = new URL(process.env.TEST_OWNER_URL!);
    expect(() => probe({ SARABAN_DATA_DIR: dataDir, DATABASE_URL: owner.toString() })).toThrow(/AUTH_SECRET is required/);
    const external = probe({
      SARABAN_DATA_DIR: dataDir, DATABASE_URL: owner.toString(), AUTH_SECRET: process.env.NEXTAUTH_SECRET!,
      S3_ENDPOINT: process.env.S3_ENDPOINT!, S3_BUCKET: process.env.S3_BUCKET!, S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!,
      S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY!,
    });
    expect(external).toMatchObject({ zeroSetup: false, seeded: false, health: { ok: true }, appUrlHost: owner.host });
  }, 120_000);
});
