import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '@/server/runtime/free-port';
import { personEnv } from './factories';

/**
 * The commands as an operator of a zero-setup installation runs them: `npm run saraban -- backup` while the
 * app runs on its data folder (its database and store are used in place), then `restore` into a new data
 * folder, which then starts with the same agencies, the classified letter and the server secret.
 */

const root = path.resolve(import.meta.dirname, '../..');
const base = mkdtempSync(path.join(os.tmpdir(), 'saraban-zero-backup-'));
chmodSync(base, 0o755);
const backups = path.join(base, 'backups');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const KEY = 'zero-setup-backup-key-1';

function command(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/saraban.ts', ...args], { cwd: root, env: personEnv(env), encoding: 'utf8', timeout: 180_000 });
}

function probe(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'tests/integration/boot-probe.ts'], { cwd: root, env: personEnv(env), encoding: 'utf8', timeout: 120_000 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`boot failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line) as { agencies: number; users: number; classified: { registered: number; sealed: boolean; holders: number } | null; health: { ok: boolean } };
}

describe('backup and restore of a zero-setup installation', () => {
  it('backs up the running app in place, and restores into a new data folder that starts with everything', async () => {
    const first = { SARABAN_DATA_DIR: path.join(base, 'first'), EMBEDDED_PG_PORT: String(await freePort()), EMBEDDED_S3_PORT: String(await freePort()) };
    // The app running: its data services up, the demo seeded.
    const app = spawn(process.execPath, ['--import', 'tsx', 'tests/integration/boot-probe.ts'], { cwd: root, env: personEnv({ ...first, PROBE_HOLD: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let before: { agencies: number; users: number };
    try {
      before = await new Promise((resolve, reject) => {
        createInterface({ input: app.stdout! }).on('line', (line) => { if (line.includes('"holding"')) resolve(JSON.parse(line)); });
        app.once('exit', (code) => reject(new Error(`the app exited (${code})`)));
      });
      const backup = command(['backup', backups], { ...first, BACKUP_KEY: KEY });
      expect(backup.stderr + backup.stdout).toMatch(/backup \S+ complete/);
      expect(backup.status).toBe(0);
    } finally {
      const exited = new Promise((r) => app.once('exit', r));
      app.kill('SIGTERM');
      await exited;
    }
    expect(command(['verify', backups], { BACKUP_KEY: KEY }).status).toBe(0);
    expect(command(['verify', backups], { BACKUP_KEY: 'another-key-entirely' }).stderr).toMatch(/Wrong backup key/);

    const second = { SARABAN_DATA_DIR: path.join(base, 'second'), EMBEDDED_PG_PORT: String(await freePort()), EMBEDDED_S3_PORT: String(await freePort()) };
    const restore = command(['restore', backups], { ...second, BACKUP_KEY: KEY });
    expect(restore.stderr + restore.stdout).toMatch(/restored in/);
    expect(restore.status).toBe(0);
    const secrets = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as { authSecret: string }).authSecret;
    expect(secrets(second.SARABAN_DATA_DIR)).toBe(secrets(first.SARABAN_DATA_DIR));
    const after = probe(second);
    expect(after).toMatchObject({ agencies: before!.agencies, users: before!.users, health: { ok: true } });
    expect(after.classified).toMatchObject({ registered: 1, sealed: true });
    // Restored once, the folder is no longer a target.
    const again = command(['restore', backups], { ...second, BACKUP_KEY: KEY });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/The target is not empty: the data folder .* already holds an installation/);
  }, 600_000);
});
