import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '@/core/env';
import { closePools } from '@/db/client';
import { enableRoleLogins } from '@/db/migrate';
import { publishAuditHeads, readPublishedHead, verifyAgencyChain } from '@/server/audit/audit-chain';
import { blobPath, listBackups, openRepository, readManifest, writeManifest } from '@/server/backup/repository';
import { restoreBackup } from '@/server/backup/restore-backup';
import { listObjects, takeBackup, type Instance } from '@/server/backup/take-backup';
import { verifyBackup } from '@/server/backup/verify-backup';
import { stopOcr } from '@/server/documents/ocr';
import { startJobWorker } from '@/server/jobs/worker';
import { seedDemo } from '@/server/platform/seed-demo';
import { bucket, readObject, s3 } from '@/server/storage/s3';
import { type Ack, consistencyProblems } from './consistency';
import { addPerson, callerFor } from './factories';
import { type OwnServices, startOwnServices } from './own-services';
import type { CrashScenario } from './work-child';
import { setUpWorkScenario } from './work-scenario';

/**
 * The restore drill (docs/operations.md), automated: agencies at work (the demo's three with their
 * classified exchange; two more where officers record scans, register, route, sign and send, and the
 * worker delivers and stamps) → a backup while requests run → the database and the bucket destroyed →
 * restored: consistent, and, for a backup taken at rest, identical table by table and object by object,
 * the audit chains verifying, the next numbers continuing each sequence. Then damaged backups and bad
 * input, each refused with its reason and nothing half-restored.
 */

const KEY = 'drill-backup-key-ทดสอบ';
const root = path.resolve(import.meta.dirname, '../..');
const child = path.join(import.meta.dirname, 'work-child.ts');
let services: OwnServices;
let owner: postgres.Sql;
let scenario: CrashScenario;
/** A staff member of the receiving agency, to whom a letter is routed. */
let officer: string;
let backups: string;

const instance = (): Instance => ({ ownerUrl: services.ownerUrl, store: { client: s3(), bucket: bucket() }, authSecret: process.env.NEXTAUTH_SECRET!, zeroSetup: false });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  services = await startOwnServices('drill');
  owner = postgres(services.ownerUrl, { max: 2, onnotice: () => {} });
  backups = mkdtempSync(path.join(os.tmpdir(), 'saraban-backups-'));
  await seedDemo();
  const made = await setUpWorkScenario(services.dir, 100);
  scenario = made.scenario;
  officer = (await addPerson(made.b, 'officer', [{ unitId: made.b.units.central, role: 'staff' }])).id;
}, 300_000);

afterAll(async () => {
  await stopOcr();
  await owner?.end({ timeout: 5 });
  await services?.stop();
  rmSync(backups, { recursive: true, force: true });
});

/** Officers at work through the app's own entry points (tests/integration/work-child.ts), in a process of their own. */
function officersAtWork(acks: Ack[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, 'app'], {
    cwd: root, env: { ...process.env, CRASH_SCENARIO: JSON.stringify(scenario) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (line === 'ready') resolve();
      else if (line.startsWith('ack ')) acks.push(JSON.parse(line.slice(4)) as Ack);
    });
    proc.once('exit', () => reject(new Error('the officers\' process exited')));
  });
  return { ready, stop: () => stopChild(proc) };
}

async function stopChild(proc: ChildProcess) {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await exited;
}

/** Every table's rows (a digest of them all, in order) and every object's SHA-256. */
async function fingerprint(sql: postgres.Sql) {
  const tables: Record<string, string> = {};
  const names = await sql<Array<{ name: string }>>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
  for (const { name } of names) {
    const [row] = await sql.unsafe<Array<{ n: number; digest: string }>>(
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest from public."${name}" t`);
    tables[name] = `${row!.n} ${row!.digest}`;
  }
  const objects: Record<string, string> = {};
  for await (const o of listObjects({ client: s3(), bucket: bucket() })) objects[o.key] = createHash('sha256').update(await readObject(o.key)).digest('hex');
  return { tables, objects };
}

async function chainsVerify(sql: postgres.Sql) {
  const broken: string[] = [];
  for (const { id } of await sql<Array<{ id: string }>>`select id from tenants`) {
    const report = await verifyAgencyChain(sql, id, { publishedHead: await readPublishedHead(id) });
    if (report.broken) broken.push(`${id}: ${report.broken.reason}`);
  }
  return broken;
}

async function highestNumbers(sql: postgres.Sql) {
  const [row] = await sql<Array<{ received: number; sent: number }>>`
    select (select coalesce(max(number), 0)::int from register_entries where tenant_id = ${scenario.b.tenantId}) as received,
      (select coalesce(max(number), 0)::int from outgoing_letters where tenant_id = ${scenario.a.tenantId}) as sent`;
  return row!;
}

/** The installation lost: an empty database and bucket in its place. */
async function destroy() {
  await owner.end({ timeout: 5 });
  await services.destroy();
  owner = postgres(services.ownerUrl, { max: 2, onnotice: () => {} });
}

/** After a restore, the app's roles log in again with the secret's passwords. */
async function reopen() {
  await enableRoleLogins(services.ownerUrl, process.env.NEXTAUTH_SECRET!);
  await closePools();
  resetEnv();
}

async function tablesIn(sql: postgres.Sql) {
  const [row] = await sql<Array<{ n: number }>>`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`;
  return row!.n;
}

async function objectsIn() {
  let n = 0;
  for await (const _ of listObjects({ client: s3(), bucket: bucket() })) n++;
  return n;
}

async function problemOf(p: Promise<unknown>) {
  try {
    await p;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return 'no error';
}

describe('the restore drill', () => {
  const acks: Ack[] = [];
  let online: string;
  let atRest: Awaited<ReturnType<typeof fingerprint>>;
  let numbersAtRest: { received: number; sent: number };

  it('backs up while officers work, then again at rest copying only what changed', async () => {
    const worker = await startJobWorker(services.ownerUrl, { relayMs: 50 });
    const work = officersAtWork(acks);
    try {
      await work.ready;
      while (acks.filter((a) => a.op === 'sent').length < 3 || acks.filter((a) => a.op === 'registered').length < 6) await sleep(200);
      // An unclassified letter routed at the receiving agency (the demo's classified one is routed too).
      const registered = acks.find((a) => a.op === 'registered')!;
      await callerFor(scenario.b.registry).caller.letters.route({
        letterId: registered.letterId, targets: [{ userId: officer, purpose: 'action' }], note: 'โปรดดำเนินการ',
      });
      await publishAuditHeads(owner);
      const before = acks.length;
      const confirmedBefore = acks.slice();
      let during = 0;
      const first = await takeBackup(instance(), backups, KEY, async (copied) => {
        // Half-way (the database dumped, files being copied), officers' requests go on and are answered.
        if (copied !== 1) return;
        for (let i = 0; i < 300 && acks.length === before; i++) await sleep(100);
        during = acks.length - before;
      });
      online = first.id;
      expect(during).toBeGreaterThan(0);
      expect(first.objects).toBeGreaterThan(10);
      (globalThis as { confirmedBefore?: Ack[] }).confirmedBefore = confirmedBefore;
    } finally {
      await work.stop();
    }
    // The worker finishes what the officers started, then stops: the platform at rest.
    for (let i = 0; i < 600; i++) {
      const [row] = await owner<Array<{ n: number }>>`select (select count(*) from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier not like '%:%')::int
        + (select count(*) from outbox.jobs)::int as n`;
      if (row!.n === 0) break;
      await sleep(200);
    }
    await worker.stop();
    await publishAuditHeads(owner);

    const second = await takeBackup(instance(), backups, KEY);
    expect(second.copiedObjects).toBeLessThan(second.objects);
    const third = await takeBackup(instance(), backups, KEY);
    expect(third.copiedObjects).toBe(0); // nothing changed: nothing copied again
    expect(third.objects).toBe(second.objects);
    expect(listBackups(await openRepository(backups, KEY)).complete).toHaveLength(3);

    atRest = await fingerprint(owner);
    numbersAtRest = await highestNumbers(owner);
    const count = (t: string) => Number(atRest.tables[t]!.split(' ')[0]);
    expect(Object.keys(atRest.tables).length).toBeGreaterThan(30);
    for (const table of ['letters', 'letter_files', 'register_entries', 'outgoing_letters', 'deliveries', 'audit_log', 'letter_assignments']) {
      expect(count(table), table).toBeGreaterThan(0);
    }
    const [classified] = await owner<Array<{ n: number }>>`select count(*)::int as n from letters where secrecy <> 'normal'`;
    expect(classified!.n).toBeGreaterThan(0);
    expect(numbersAtRest.received).toBeGreaterThan(3);
    expect(numbersAtRest.sent).toBeGreaterThan(1);
  }, 600_000);

  it('verifies every backup without restoring it', async () => {
    const repo = await openRepository(backups, KEY);
    for (const id of listBackups(repo).complete) {
      const result = await verifyBackup(backups, KEY, id);
      expect(result.problems, id).toEqual([]);
      expect(result.files).toBeGreaterThan(10);
    }
  }, 300_000);

  it('restores the backup taken while officers worked: consistent, every file there, chains verifying', async () => {
    await destroy();
    expect(await tablesIn(owner)).toBe(0);
    await restoreBackup(instance(), backups, KEY, online);
    await reopen();
    const confirmedBefore = (globalThis as { confirmedBefore?: Ack[] }).confirmedBefore!;
    expect(await consistencyProblems(owner, scenario.a, scenario.b, confirmedBefore)).toEqual([]);
    expect(await chainsVerify(owner)).toEqual([]);
  }, 300_000);

  it('restores the newest backup into an empty installation: identical, chains verifying, numbers continuing', async () => {
    await destroy();
    await restoreBackup(instance(), backups, KEY);
    await reopen();
    const restored = await fingerprint(owner);
    expect(restored.tables).toEqual(atRest.tables);
    expect(restored.objects).toEqual(atRest.objects);
    expect(await chainsVerify(owner)).toEqual([]);

    // Officers go on after the restore: each register's next number follows the last one restored.
    const acks: Ack[] = [];
    const worker = await startJobWorker(services.ownerUrl, { relayMs: 50 });
    const work = officersAtWork(acks);
    try {
      await work.ready;
      while (acks.filter((a) => a.op === 'signed').length < 1 || acks.filter((a) => a.op === 'registered').length < 2) await sleep(200);
    } finally {
      await work.stop();
      await worker.stop();
    }
    const firstReceived = acks.find((a): a is Extract<Ack, { op: 'registered' }> => a.op === 'registered')!;
    expect(firstReceived.number).toBe(numbersAtRest.received + 1);
    const firstSigned = acks.find((a): a is Extract<Ack, { op: 'signed' }> => a.op === 'signed')!;
    const [signed] = await owner<Array<{ number: number }>>`select number from outgoing_letters where id = ${firstSigned.letterId}`;
    expect(signed!.number).toBe(numbersAtRest.sent + 1);
    expect(await consistencyProblems(owner, scenario.a, scenario.b, acks)).toEqual([]);
  }, 300_000);
});

describe('a damaged backup, and bad input', () => {
  const copyOf = (name: string) => {
    const dir = path.join(backups, '..', `${path.basename(backups)}-${name}`);
    cpSync(backups, dir, { recursive: true });
    return dir;
  };

  it('a changed byte or a cut file fails verify and restore with the reason, and nothing is restored', async () => {
    const repo = await openRepository(backups, KEY);
    const manifest = await readManifest(repo, listBackups(repo).complete.at(-1)!);

    const tampered = copyOf('tampered');
    const object = manifest.objects.find((o) => o.key.includes('/') && o.size > 1000)!;
    const file = blobPath({ dir: tampered, key: repo.key }, object.blob);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(file, bytes);
    const tamperedReport = await verifyBackup(tampered, KEY);
    expect(tamperedReport.problems).toHaveLength(1);
    expect(tamperedReport.problems[0]).toContain(`object ${object.key}`);
    expect(tamperedReport.problems[0]).toMatch(/does not open/);

    const cut = copyOf('cut');
    const dump = blobPath({ dir: cut, key: repo.key }, manifest.database.blob);
    truncateSync(dump, statSync(dump).size - 5000);
    const cutReport = await verifyBackup(cut, KEY);
    expect(cutReport.problems.join('\n')).toMatch(/the database dump: the file is cut short/);

    // The command says so too, and exits 1.
    const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/saraban.ts', 'verify', cut], { cwd: root, env: { ...process.env, BACKUP_KEY: KEY } })
      .then(() => ({ code: 0, stderr: '' }), (error: { code: number; stderr: string }) => error);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/NOT intact[\s\S]*cut short/);

    await destroy();
    expect(await problemOf(restoreBackup(instance(), tampered, KEY))).toMatch(/BackupProblem: The backup is damaged: object .* does not open.*Nothing was restored/);
    expect(await tablesIn(owner)).toBe(0);
    expect(await objectsIn()).toBe(0);
    expect(await problemOf(restoreBackup(instance(), cut, KEY))).toMatch(/The backup is damaged: the database dump: the file is cut short/);
    expect(await tablesIn(owner)).toBe(0);
    expect(await objectsIn()).toBe(0);
  }, 300_000);

  it('a wrong key, a backup of another version, a target that is not empty: refused with the reason', async () => {
    expect(await problemOf(verifyBackup(backups, 'not-the-right-key'))).toMatch(/Wrong backup key/);
    expect(await problemOf(restoreBackup(instance(), backups, 'not-the-right-key'))).toMatch(/Wrong backup key/);

    const future = copyOf('future');
    const repo = await openRepository(future, KEY);
    const manifest = await readManifest(repo, listBackups(repo).complete.at(-1)!);
    await writeManifest(repo, { ...manifest, id: `${manifest.id}-future`, app: { version: '9.0.0', schema: [...manifest.app.schema, '0999_from_the_future'] } });
    expect(await problemOf(restoreBackup(instance(), future, KEY, `${manifest.id}-future`))).toMatch(/another version of Saraban \(9\.0\.0\).*0999_from_the_future/);
    expect(await tablesIn(owner)).toBe(0);

    // Restored once, the installation is no longer an empty target.
    await restoreBackup(instance(), backups, KEY);
    await reopen();
    const before = await tablesIn(owner);
    expect(await problemOf(restoreBackup(instance(), backups, KEY))).toMatch(/The target is not empty: its database already has \d+ table.*its bucket .* already holds objects/);
    expect(await tablesIn(owner)).toBe(before);
  }, 300_000);

  // Filling a disk takes a small file system of its own (tmpfs), which only root can mount.
  it.skipIf(process.getuid?.() !== 0)('a full disk and an object store gone half-way: the backup fails with the reason, none looks complete, the platform goes on', async () => {
    const small = mkdtempSync(path.join(os.tmpdir(), 'saraban-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', small]);
    try {
      expect(await problemOf(takeBackup(instance(), small, KEY))).toMatch(/The disk holding .* is full/);
      expect(listBackups(await openRepository(small, KEY)).complete).toEqual([]);
    } finally {
      execFileSync('umount', [small]);
      rmSync(small, { recursive: true, force: true });
    }

    const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-gone-'));
    mkdirSync(dir, { recursive: true });
    const stopping: Array<Promise<void>> = [];
    const problem = await problemOf(takeBackup(instance(), dir, KEY, (copied) => {
      if (copied === 3) stopping.push(services.stopStore());
    }));
    await Promise.all(stopping);
    expect(problem).toMatch(/The object store failed while copying/);
    expect(listBackups(await openRepository(dir, KEY)).complete).toEqual([]);
    await services.startStore();
    // The platform was never touched: it serves as before.
    const [row] = await owner<Array<{ n: number }>>`select count(*)::int as n from letters`;
    expect(row!.n).toBeGreaterThan(0);
    rmSync(dir, { recursive: true, force: true });
  }, 300_000);

  it('the object store gone half-way through a restore: refused with the reason, the database left empty', async () => {
    await destroy();
    const stopping: Array<Promise<void>> = [];
    const problem = await problemOf(restoreBackup(instance(), backups, KEY, undefined, (restored) => {
      if (restored === 3) stopping.push(services.stopStore());
    }));
    await Promise.all(stopping);
    expect(problem).toMatch(/The object store failed while restoring .*could not be removed .*empty the bucket before trying again/s);
    expect(await tablesIn(owner)).toBe(0);
    await services.startStore();
  }, 300_000);
});
