import { appendFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@/server/runtime/embedded-postgres';
import { freePort } from '@/server/runtime/free-port';

const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-embedded-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const listening = (port: number) => new Promise<boolean>((resolve) => {
  const socket = net.connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
  socket.on('error', () => resolve(false));
});

describe('the embedded PostgreSQL', () => {
  it('starts whatever its logging settings: with the log collected to files, no line reaches the launcher', async () => {
    const options = { dir: path.join(dir, 'pg'), port: await freePort(), password: 'logging', database: 'saraban_logging' };
    const first = await startEmbeddedPostgres(options);
    await first.stop();
    // What an administrator may set for the server's own log files.
    appendFileSync(path.join(options.dir, 'postgresql.conf'), "\nlogging_collector = on\nlog_directory = 'log'\n");
    const second = await startEmbeddedPostgres(options);
    const sql = postgres(second.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      expect(await sql`show logging_collector`).toEqual([{ logging_collector: 'on' }]);
    } finally {
      await sql.end();
      await second.stop();
    }
    expect(await listening(options.port)).toBe(false);
  }, 180_000);
});
