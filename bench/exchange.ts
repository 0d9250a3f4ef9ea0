/**
 * `exchange`: letters through the government exchange, on the local node (SOAP over loopback,
 * in a process of its own as the national service is elsewhere),
 * by the real code of the jobs: out — the send job (the GovernmentDocument built from the
 * signed PDF, XML-signed, POSTed) for 200 letters, eight at a time as the worker runs jobs;
 * in — the receiving agency's pull job taking its queue (each item kept, then deleted from the
 * node) and, in the same process, eight at a time beside it, taking the kept items from the
 * messages it holds (each verified, its file checked and stored, admitted, its receipt notice
 * queued), with the job worker's own work (relaying jobs, indexing, sealing the audit) in that
 * process as in service; the CPU time all processes spend on it, per letter; accept — after
 * ลงรับ, the accept-notice job, then the sender's pull every second (EXCHANGE_PULL_SECONDS=1)
 * until its record shows the receiver's number: p95 over 40 letters.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { closePools } from '@/db/client';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { resetEnv } from '@/core/env';
import { acceptExchangeLetter } from '@/server/exchange/notices';
import { pullExchange } from '@/server/exchange/receive';
import { taskList } from '@/server/jobs/tasks';
import { startJobWorker, type JobWorker } from '@/server/jobs/worker';
import { sendByExchange } from '@/server/exchange/send-letter';
import { startEmbeddedPostgres } from '@/server/runtime/embedded-postgres';
import { startEmbeddedS3 } from '@/server/runtime/embedded-s3';
import { freePort } from '@/server/runtime/free-port';
import { agency, signedCopies } from './delivery';
import { cpuByProcessTree, machineCpuMs, percentile, startProcess, stopProcess } from './lib';
import type { BenchResult } from './run';

const LETTERS = Number(process.env.BENCH_LETTERS ?? 200);
const ACCEPTS = 40;
const CONCURRENCY = 8;
const secret = 'exchange-benchmark-secret-0123456789abcdef';
const operator = { id: '00000000-0000-4000-8000-000000000000', fullName: 'bench' };

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'bench', database: 'saraban' });
  const s3 = await startEmbeddedS3({ dir: path.join(dir, 's3'), port: await freePort(), bucket: 'saraban-bench' });
  const owner = postgres(pg.ownerUrl, { max: 4, onnotice: () => {} });
  const orgs = ['A01', 'B01'].map((id) => ({ id, ministryId: 'M01', name: id, username: id, password: `pw-${id}` }));
  const nodePort = await freePort();
  const node = startProcess(['--import', 'tsx', 'bench/exchange-node.ts'], {
    EXCHANGE_NODE_CONFIG: JSON.stringify({ port: nodePort, organizations: orgs, ministries: [{ id: 'M01', name: 'กระทรวงทดสอบ', ministryId: 'M01' }] }),
  });
  const nodeUrl = `http://127.0.0.1:${nodePort}/ecms`;
  let worker: JobWorker | undefined;
  for (const deadline = Date.now() + 30_000; !node.output().includes('exchange node listening');) {
    if (Date.now() > deadline || node.child.exitCode !== null) throw new Error(`the exchange node did not start:\n${node.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    await migrateDatabase(pg.ownerUrl);
    const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, secret);
    Object.assign(process.env, {
      DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl, NEXTAUTH_SECRET: secret, DB_POOL_MAX: '10',
      S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'saraban-bench', S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      EXCHANGE_INTERNAL_HOSTS: '127.0.0.1', EXCHANGE_PULL_SECONDS: '1',
    });
    resetEnv();
    await owner`insert into platform_operators (id, username, full_name, password_hash) values (${operator.id}, 'bench', 'bench', 'x')`;
    const a = await agency(`bench-a-${Date.now().toString(36)}`, 'กรมผู้ส่งทดสอบสมรรถนะ');
    const b = await agency(`bench-b-${Date.now().toString(36)}`, 'กรมผู้รับทดสอบสมรรถนะ');
    // The admins set the connections (a first admin has chosen a password of their own by then).
    await owner`update users set must_change_password = false`;
    for (const [x, id] of [[a, 'A01'], [b, 'B01']] as const) {
      await x.admin.exchange.saveConnection({ nodeUrl, username: id, password: `pw-${id}`, ministryId: 'M01', departmentId: id, enabled: true });
    }

    const { id: first } = await a.registry.outgoing.create({ kind: 'external', content: {
      subject: 'ขอเชิญประชุมคณะทำงานแลกเปลี่ยนหนังสือภาครัฐ', addressee: 'อธิบดีกรมผู้รับ', body: ['ด้วยกรมจะจัดประชุม', 'จึงเรียนมาเพื่อโปรดพิจารณา'],
      closing: 'ขอแสดงความนับถือ', signer: { name: 'นายผู้บริหาร ทดสอบ', position: 'อธิบดี' },
      recipients: [{ kind: 'exchange', orgId: 'B01', ministryId: 'M01', name: 'กรมผู้รับทดสอบสมรรถนะ', copy: false }],
    } });
    await a.registry.outgoing.submit({ letterId: first, reviewers: [], signerId: a.chiefId });
    await a.chief.outgoing.sign({ letterId: first, password: 'benchmark-password' });
    await signedCopies(pg.ownerUrl, a.tenantId, first, LETTERS);
    const ids = (await owner<{ id: string }[]>`select id from outgoing_letters where tenant_id = ${a.tenantId} and state = 'signed' order by number`).map((r) => r.id);
    for (const letterId of ids) await a.registry.outgoing.send({ letterId });
    const deliveryIds = (await owner<{ id: string }[]>`select id from deliveries where tenant_id = ${a.tenantId} and channel = 'exchange'`).map((r) => r.id);

    // Out: the send job for every letter, eight at a time.
    let t0 = performance.now();
    await inParallel(deliveryIds, CONCURRENCY, (deliveryId) => sendByExchange({ tenantId: a.tenantId, deliveryId }));
    const outSeconds = (performance.now() - t0) / 1000;
    const [sent] = await owner<{ n: number }[]>`select count(*)::int as n from deliveries where tenant_id = ${a.tenantId} and exchange_process_id is not null`;

    // In: the receiver's pull job takes its whole queue (it stops after 200 items a run, then runs again),
    // making each kept item a letter beside it; the job worker runs in the same process, as in service.
    worker = await startJobWorker(pg.ownerUrl, { concurrency: CONCURRENCY, relayMs: 20, tasks: { 'exchange.take': taskList['exchange.take'] } });
    const received = async () => (await owner<{ n: number }[]>`select count(*)::int as n from letters where tenant_id = ${b.tenantId} and channel = 'exchange'`)[0]!.n;
    const processes = {
      app: process.pid, postgres: Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]), object_store: s3.pid, node: node.child.pid!,
    };
    const byProcess0 = cpuByProcessTree(processes);
    const machine0 = machineCpuMs();
    const inStartedAt = Date.now();
    t0 = performance.now();
    while (await received() < sent!.n) {
      // As the pull job runs (every EXCHANGE_PULL_SECONDS): a run takes up to 200 items.
      const started = Date.now();
      await pullExchange({ tenantId: b.tenantId });
      while (Date.now() - started < 1000 && await received() < sent!.n) await new Promise((r) => setTimeout(r, 100));
    }
    const inSeconds = (performance.now() - t0) / 1000;
    // When the node's queue was emptied (the last item kept here and deleted there), as the node printed it.
    const emptiedAt = [...node.output().matchAll(/queue B01 empty at (\d+)/g)].map((m) => Number(m[1])).find((at) => at >= inStartedAt);
    // CPU per letter in: every process on the machine, each process tree, and the rest (the kernel's threads, others).
    const machineMs = machineCpuMs() - machine0;
    const byProcessMs = Object.entries(cpuByProcessTree(processes)).map(([name, ms]) => [name, ms - (byProcess0[name] ?? 0)] as const);
    const perLetter = (ms: number) => Math.round(ms / sent!.n * 10) / 10;
    const inCpuByProcess = Object.fromEntries([...byProcessMs, ['other', machineMs - byProcessMs.reduce((sum, [, ms]) => sum + ms, 0)] as const]
      .map(([name, ms]) => [name, perLetter(ms)]));
    const [taken] = await owner<{ n: number; letters: number }[]>`
      select count(*)::int as n, count(distinct external_ref)::int as letters from letters where tenant_id = ${b.tenantId} and channel = 'exchange'`;
    // The receipt notices go back (not measured), and the sender takes them.
    const notices = await owner<{ payload: Record<string, string> }[]>`select payload from outbox.jobs where tenant_id = ${b.tenantId} and task = 'exchange.notice'`;
    const { sendExchangeNotice } = await import('@/server/exchange/notices');
    await inParallel(notices, CONCURRENCY, (n) => sendExchangeNotice(n.payload as never));
    await pullExchange({ tenantId: a.tenantId });

    // Accept: ลงรับ, the accept-notice job at once (as the worker runs it), the sender's pull every second.
    const waiting = (await b.registry.registry.waiting()).slice(0, ACCEPTS);
    const latencies: number[] = [];
    const pending = new Map<string, number>();
    let pulling = true;
    const senderPulls = (async () => {
      while (pulling) {
        const started = Date.now();
        await pullExchange({ tenantId: a.tenantId });
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - started))));
      }
    })();
    // The sender's record is watched apart from the pulls (the worker takes what they keep).
    const watching = (async () => {
      while (pulling) {
        const rows = await owner<{ id: string }[]>`
          select d.id from deliveries d where d.tenant_id = ${a.tenantId} and d.state = 'registered' and d.id = any(${[...pending.keys()]}::uuid[])`;
        for (const r of rows) {
          latencies.push(Date.now() - pending.get(r.id)!);
          pending.delete(r.id);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const byLetter = new Map((await owner<{ id: string; message: string }[]>`select id, exchange_message_id as message from deliveries where tenant_id = ${a.tenantId}`).map((r) => [r.message, r.id]));
    for (const letter of waiting) {
      const [inbound] = await owner<{ message: string }[]>`select message_id as message from exchange_inbound where tenant_id = ${b.tenantId} and letter_id = ${letter.id}`;
      const at = Date.now();
      await b.registry.registry.register({ letterId: letter.id });
      pending.set(byLetter.get(inbound!.message)!, at);
      await acceptExchangeLetter({ tenantId: b.tenantId, letterId: letter.id });
      await new Promise((r) => setTimeout(r, 50));
    }
    const deadline = Date.now() + 30_000;
    while (pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    pulling = false;
    await Promise.all([senderPulls, watching]);
    latencies.sort((x, y) => x - y);

    const figures = {
      out_per_s: Math.round(sent!.n / outSeconds), in_per_s: Math.round(taken!.n / inSeconds),
      in_off_node_per_s: emptiedAt ? Math.round(sent!.n / ((emptiedAt - inStartedAt) / 1000)) : 0, accept_p95_ms: Math.round(percentile(latencies, 95)),
      accept_p50_ms: Math.round(percentile(latencies, 50)), letters: LETTERS, sent: sent!.n, received: taken!.n, received_once: taken!.letters,
      accepted: latencies.length, pull_interval_s: 1, send_concurrency: CONCURRENCY,
      in_cpu_ms_per_letter: perLetter(machineMs),
      ...Object.fromEntries(Object.entries(inCpuByProcess).map(([name, ms]) => [`in_cpu_ms_per_letter_${name}`, ms])),
      cores: os.availableParallelism(),
    };
    return {
      figures: { exchange: figures },
      table: [
        { measure: 'letters out per second (send job → node)', value: figures.out_per_s, target: '≥ 50' },
        { measure: 'letters in per second (pull: keep, delete; takes beside it: check, store, admit)', value: figures.in_per_s, target: '≥ 50' },
        { measure: 'of them, items off the node per second (kept here, deleted there)', value: figures.in_off_node_per_s, target: '' },
        { measure: 'CPU per letter in (ms, all processes / the app’s)', value: `${figures.in_cpu_ms_per_letter} / ${inCpuByProcess.app}`, target: `≤ ${Math.round(1000 * figures.cores / 50)} for 50/s on ${figures.cores} cores` },
        { measure: 'of it: app / PostgreSQL / object store / node / the rest (ms)', value: ['app', 'postgres', 'object_store', 'node', 'other'].map((k) => inCpuByProcess[k]).join(' / '), target: '' },
        { measure: 'p50 / p95 ลงรับ → sender sees the number (ms, 1 s pull)', value: `${figures.accept_p50_ms} / ${figures.accept_p95_ms}`, target: '< 2000' },
        { measure: 'sent / received / distinct / accepted', value: `${figures.sent} / ${figures.received} / ${figures.received_once} / ${figures.accepted}`, target: `${LETTERS} / ${LETTERS} / ${LETTERS} / ${ACCEPTS}` },
      ],
    };
  } finally {
    await worker?.stop();
    await stopProcess(node.child);
    await closePools();
    await owner.end();
    await s3.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
