import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAgencyChain, verifyAgencyChain } from '@/server/audit/audit-chain';
import { stopOcr } from '@/server/documents/ocr';
import { startJobWorker } from '@/server/jobs/worker';
import { type Ack, consistencyProblems } from './consistency';
import type { CrashScenario } from './work-child';
import { type OwnServices, startOwnServices } from './own-services';
import { setUpWorkScenario } from './work-scenario';

/**
 * The crash test (issue: nothing lost, nothing stuck): the app and the job worker run as real
 * processes of their own against a PostgreSQL and an object store of this test's own, and are
 * killed with SIGKILL at CRASH_KILLS (default 200) random moments while officers record,
 * register, sign, send and register deliveries, and the worker delivers, stamps, reads (OCR)
 * and seals. After every kill, in one snapshot: every register's numbers run 1..last with no
 * gap or duplicate; everything the app confirmed is there; every letter is whole (its files
 * stored, waiting or registered); every delivery is one letter at the recipient. At the end,
 * with a worker left running: no job is left (locked or failed), every delivery record agrees
 * with the recipient's list and register, every letter is stamped and read, and the audit
 * chains verify.
 */

const KILLS = Number(process.env.CRASH_KILLS ?? 200);
const root = path.resolve(import.meta.dirname, '../..');
const child = path.join(import.meta.dirname, 'work-child.ts');

let services: OwnServices;
let owner: postgres.Sql;
let scenario: CrashScenario;
const seenObjects = new Set<string>();

beforeAll(async () => {
  services = await startOwnServices('crash');
  owner = postgres(services.ownerUrl, { max: 2, onnotice: () => {} });
  ({ scenario } = await setUpWorkScenario(services.dir));
}, 180_000);

afterAll(async () => {
  await stopOcr();
  await owner?.end({ timeout: 5 });
  await services?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (low: number, high: number) => low + Math.random() * (high - low);

describe('killed at random moments', () => {
  it(`the app and the worker, killed ${KILLS} times mid-work: nothing half-done, no number skipped or repeated, nothing delivered twice or lost, no job stuck`, async () => {
    const acks: Ack[] = [];
    const failures: string[] = [];
    const problems: string[] = [];
    let kills = 0;
    let killedBeforeReady = 0;

    // Jobs of this test's work still to run (scheduled platform-wide tasks, named with a colon, are not).
    const pending = async () => Number((await owner<Array<{ n: number }>>`select (select count(*) from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier not like '%:%' and j.attempts < j.max_attempts)
      + (select count(*) from outbox.jobs) as n`)[0]!.n);
    let lives = 0;
    const slot = async (mode: 'app' | 'worker') => {
      while (kills < KILLS && problems.length === 0) {
        const life = mode === 'worker' ? ++lives : 0;
        const untilDone = mode === 'worker' && life % 4 === 0;
        const proc = spawn(process.execPath, ['--import', 'tsx', child, mode], {
          cwd: root, env: { ...process.env, CRASH_SCENARIO: JSON.stringify(scenario) }, stdio: ['ignore', 'pipe', 'pipe'],
        });
        const exited = new Promise<void>((r) => proc.once('exit', () => r()));
        const ready = new Promise<boolean>((resolve) => {
          createInterface({ input: proc.stdout! }).on('line', (line) => {
            if (line === 'ready') resolve(true);
            else if (line.startsWith('ack ')) acks.push(JSON.parse(line.slice(4)) as Ack);
            else if (line.startsWith('fail ')) failures.push(line.slice(5));
          });
          void exited.then(() => resolve(false));
        });
        let stderr = '';
        proc.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
        if (!untilDone && Math.random() < 0.1) {
          // Now and then while starting (the worker then is releasing what the last one held).
          await sleep(between(0, 3000));
          killedBeforeReady++;
        } else {
          if (!await ready) throw new Error(`the ${mode} exited by itself: ${stderr}`);
          // An app lives long enough now and then to record a scan while it also signs (a PDF/A letter takes longer to lay out).
          // A worker, one life in four, until its work is done (at most 45 s): however slow the machine, a long job (loading
          // the OCR engine and reading a page) then finishes, so no job of real work runs out of the crashes it may survive.
          if (untilDone) {
            const until = Date.now() + 45_000;
            await sleep(between(300, 3000));
            while (Date.now() < until && await pending() > 0) await sleep(250);
          } else {
            await sleep(mode === 'app' ? between(100, 4500) : between(300, 6000));
          }
        }
        proc.kill('SIGKILL');
        await exited;
        kills++;
        problems.push(...(await consistencyProblems(owner, scenario.a, scenario.b, acks, seenObjects)).map((p) => `after kill ${kills} (${mode}): ${p}`));
      }
    };
    await Promise.all([slot('app'), slot('worker')]);
    expect(problems).toEqual([]);
    expect(failures).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    // A worker left running finishes everything that was started.
    const worker = await startJobWorker(services.ownerUrl, { relayMs: 50 });
    let left: Array<{ task: string; attempts: number; max_attempts: number; locked: boolean; last_error: string | null }> = [];
    try {
      const deadline = Date.now() + 5 * 60_000;
      for (;;) {
        // Scheduled platform-wide tasks (named with a colon) may fire at any hour of the run: not this test's work.
        left = await owner`select t.identifier as task, j.attempts, j.max_attempts, j.locked_by is not null as locked, j.last_error
          from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier not like '%:%'
          union all select task, 0, 0, false, 'in the outbox' from outbox.jobs`;
        if (left.length === 0 || Date.now() > deadline) break;
        await sleep(500);
      }
    } finally {
      await worker.stop();
    }
    expect(left).toEqual([]);
    expect(await consistencyProblems(owner, scenario.a, scenario.b, acks, seenObjects)).toEqual([]);

    const { a, b } = scenario;
    const [unsettled] = await owner<Array<{ queued: number; delivered_not_waiting: number; unstamped: number; unread: number }>>`
      select
        (select count(*)::int from deliveries where tenant_id = ${a.tenantId} and state not in ('delivered', 'registered')) as queued,
        (select count(*)::int from deliveries d where tenant_id = ${a.tenantId} and state = 'delivered'
          and not exists (select 1 from waiting_letters w where w.tenant_id = ${b.tenantId} and w.letter_id = d.recipient_letter_id)) as delivered_not_waiting,
        (select count(*)::int from register_entries e where e.tenant_id = ${b.tenantId}
          and not exists (select 1 from letter_files f where f.tenant_id = e.tenant_id and f.letter_id = e.letter_id and f.kind = 'stamped')) as unstamped,
        (select count(*)::int from letter_files f where f.tenant_id = ${b.tenantId} and f.kind = 'original'
          and not exists (select 1 from letter_texts t where t.tenant_id = f.tenant_id and t.file_id = f.id)) as unread`;
    expect(unsettled).toEqual({ queued: 0, delivered_not_waiting: 0, unstamped: 0, unread: 0 });
    for (const tenantId of [a.tenantId, b.tenantId]) {
      await sealAgencyChain(tenantId);
      expect((await verifyAgencyChain(owner, tenantId)).broken).toBeNull();
    }

    // The kills fell across all of the work.
    const count = (op: Ack['op']) => acks.filter((x) => x.op === op).length;
    const [done] = await owner<Array<{ ocr: number; stamped: number; delivered: number }>>`
      select (select count(*)::int from letter_texts where tenant_id = ${b.tenantId} and source = 'ocr') as ocr,
        (select count(*)::int from letter_files where tenant_id = ${b.tenantId} and kind = 'stamped') as stamped,
        (select count(*)::int from deliveries where tenant_id = ${a.tenantId}) as delivered`;
    console.log(`[crash] ${kills} kills (${killedBeforeReady} while starting); confirmed: ${count('recorded')} recorded, ${count('registered')} registered, ${count('signed')} signed, ${count('sent')} sent; ${done!.delivered} delivered, ${done!.stamped} stamped, ${done!.ocr} read by OCR`);
    // And the checks above do see a break: a number skipped, a letter dropped from the list.
    await owner`update register_counters set last_number = last_number + 1 where tenant_id = ${b.tenantId}`;
    await owner`delete from waiting_letters where tenant_id = ${b.tenantId} and letter_id = (select letter_id from waiting_letters where tenant_id = ${b.tenantId} limit 1)`;
    const seen = (await consistencyProblems(owner, scenario.a, scenario.b, acks, seenObjects)).join('\n');
    expect(seen).toMatch(/register .*: last number \d+, \d+ numbers/);
    expect(seen).toMatch(/neither waiting nor registered/);

    expect(count('registered')).toBeGreaterThan(20);
    expect(count('sent')).toBeGreaterThan(10);
    expect(done!.ocr).toBeGreaterThan(3);
  }, 45 * 60_000);
});
