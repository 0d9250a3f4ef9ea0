/**
 * `delivery`: from "send" of a signed letter to "delivered" — in the recipient agency's
 * waiting list, and that state on the sender's delivery record — between two agencies,
 * through the real path: the outgoing.send procedure (RLS transaction, delivery record,
 * job in the outbox), the relay into graphile-worker, and the delivery job in the worker
 * process (`scripts/worker.ts`, as `npm start` runs it) copying the signed PDF in S3 and
 * writing both agencies' rows. 50 letters are kept in flight for the measured seconds.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { closePools } from '@/db/client';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { runInTenant } from '@/db/scope';
import { createPerson } from '@/server/people/create-person';
import { createAgency } from '@/server/platform/create-agency';
import { createCaller } from '@/server/routers/_app';
import { startEmbeddedPostgres } from '@/server/runtime/embedded-postgres';
import { startEmbeddedS3 } from '@/server/runtime/embedded-s3';
import { freePort } from '@/server/runtime/free-port';
import { signedIn, startProcess, stopProcess } from './lib';
import type { BenchResult } from './run';

const IN_FLIGHT = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WORKER_CONCURRENCY = Number(process.env.JOB_CONCURRENCY ?? 8);
const secret = 'delivery-benchmark-secret-0123456789abcdef';
const operator = { id: '00000000-0000-4000-8000-000000000000', fullName: 'bench' };
const PASSWORD = 'benchmark-password';

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A benchmark agency with a registry officer and an executive, each a caller of the real procedures. */
export async function agency(code: string, nameTh: string) {
  const a = await createAgency(operator, {
    code, nameTh, nameEn: '', ministryCode: 'นร', ownerNumber: '0105', address: '', phone: '', email: '',
    admin: { username: 'admin', fullNameTh: 'ผู้ดูแล', position: '', email: '', password: PASSWORD },
  });
  const person = (username: string, role: 'central_registry_officer' | 'executive') => runInTenant({ tenantId: a.tenantId, userId: a.adminId }, (tx) =>
    createPerson(tx, a.tenantId, { kind: 'system', id: null, name: 'bench' }, {
      username, password: PASSWORD, fullNameTh: `นาย${username} ทดสอบ`, fullNameEn: '', position: 'ผู้อำนวยการ', email: '', memberships: [{ unitId: a.rootUnitId, role }],
    }));
  const registry = await person('registry', 'central_registry_officer');
  const chief = await person('chief', 'executive');
  const caller = async (userId: string) => createCaller({ session: await signedIn(a.tenantId, userId), requestedUnitId: a.rootUnitId, ip: null, setCookie: null });
  return { ...a, admin: await caller(a.adminId), registry: await caller(registry.id), chief: await caller(chief.id), chiefId: chief.id };
}

/**
 * Copies of an already signed letter, numbered on, so that a benchmark's set-up does not take
 * minutes: the guard against changing signed letters would refuse adding their versions, so
 * this runs with triggers off (owner only).
 */
export async function signedCopies(ownerUrl: string, tenantId: string, first: string, count: number) {
  const a = { tenantId };
  const setup = postgres(ownerUrl, { max: 1, onnotice: () => {}, connection: { session_replication_role: 'replica' } });
  await setup`
    with src as (select * from outgoing_letters where id = ${first}),
    made as (select gen_random_uuid() as id, g from generate_series(2, ${count}) g)
    insert into outgoing_letters (tenant_id, id, unit_id, kind, subject, urgency, secrecy, circular, state, version, created_by, created_by_name,
      document_number, register_id, number_year, number, letter_date, signed_at, signed_by, signer_name, signer_position, signed_sha256, verify_code)
    select s.tenant_id, m.id, s.unit_id, s.kind, s.subject || ' ' || m.g, s.urgency, s.secrecy, s.circular, 'signed', 1, s.created_by, s.created_by_name,
      'นร 0105/' || m.g, s.register_id, s.number_year, m.g, s.letter_date, s.signed_at, s.signed_by, s.signer_name, s.signer_position, s.signed_sha256, s.verify_code || m.g
    from src s cross join made m`;
  await setup`
    insert into outgoing_versions (tenant_id, letter_id, version, content, created_by, created_by_name)
    select o.tenant_id, o.id, 1, v.content, o.created_by, o.created_by_name
    from outgoing_letters o join outgoing_versions v on v.tenant_id = o.tenant_id and v.letter_id = ${first} and v.version = 1
    where o.tenant_id = ${a.tenantId} and o.id <> ${first}`;
  await setup`
    insert into outgoing_files (tenant_id, id, letter_id, kind, object_key, file_name, content_type, size, sha256)
    select o.tenant_id, gen_random_uuid(), o.id, f.kind, f.object_key, f.file_name, f.content_type, f.size, f.sha256
    from outgoing_letters o join outgoing_files f on f.tenant_id = o.tenant_id and f.letter_id = ${first}
    where o.tenant_id = ${a.tenantId} and o.id <> ${first}`;
  await setup.end();
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'bench', database: 'saraban' });
  // In this process, as `npm start` runs it beside the web server.
  const s3 = await startEmbeddedS3({ dir: path.join(dir, 's3'), port: await freePort(), bucket: 'saraban-bench' });
  const owner = postgres(pg.ownerUrl, { max: 4, onnotice: () => {} });
  let worker: ReturnType<typeof startProcess> | undefined;
  try {
    await migrateDatabase(pg.ownerUrl);
    const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, secret);
    const env = {
      DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl, NEXTAUTH_SECRET: secret, DB_POOL_MAX: process.env.DB_POOL_MAX ?? '10',
      S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'saraban-bench', S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    Object.assign(process.env, env);
    await owner`insert into platform_operators (id, username, full_name, password_hash) values (${operator.id}, 'bench', 'bench', 'x')`;
    const a = await agency(`bench-a-${Date.now().toString(36)}`, 'กรมผู้ส่งทดสอบสมรรถนะ');
    const b = await agency(`bench-b-${Date.now().toString(36)}`, 'กรมผู้รับทดสอบสมรรถนะ');

    // One letter signed through the real procedures; the others are its copies (numbered on),
    // so that the set-up does not take minutes: what is measured starts at "send".
    const { id: first } = await a.registry.outgoing.create({ kind: 'external', content: {
      subject: 'ขอเชิญประชุมคณะทำงานพัฒนาระบบสารบรรณอิเล็กทรอนิกส์', addressee: 'อธิบดีกรมผู้รับ', body: ['ด้วยสำนักงานจะจัดประชุม', 'จึงเรียนมาเพื่อโปรดพิจารณา'],
      closing: 'ขอแสดงความนับถือ', signer: { name: 'นายผู้บริหาร ทดสอบ', position: 'อธิบดี' },
      recipients: [{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับทดสอบสมรรถนะ', copy: false }],
    } });
    await a.registry.outgoing.submit({ letterId: first, reviewers: [], signerId: a.chiefId });
    await a.chief.outgoing.sign({ letterId: first, password: PASSWORD });
    const count = Math.ceil(400 * SECONDS * 1.2);
    await signedCopies(pg.ownerUrl, a.tenantId, first, count);
    const ids = (await owner<{ id: string }[]>`select id from outgoing_letters where tenant_id = ${a.tenantId} and state = 'signed' order by number`).map((r) => r.id);
    await owner`checkpoint`;

    worker = startProcess(['--import', 'tsx', 'scripts/worker.ts'], { ...env, DATABASE_URL: pg.ownerUrl, JOB_CONCURRENCY: String(WORKER_CONCURRENCY) });
    const ready = Date.now() + 30_000;
    while (!worker.output().includes('worker started')) {
      if (Date.now() > ready || worker.child.exitCode !== null) throw new Error(`job worker did not start:\n${worker.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const sendMs: number[] = [];
    let next = 0;
    let measuring = false;
    let delivered = 0;
    const inFlight = new Set<string>();
    const warmupEnd = Date.now() + 2000;
    let measureStart = 0;
    let measureEnd = 0;
    let done = false;
    // The sender side: 50 letters in flight, each "send" through the procedure.
    const sender = (async () => {
      while (!done) {
        while (inFlight.size < IN_FLIGHT && !done) {
          const id = ids[next++];
          if (!id) throw new Error('benchmark ran out of signed letters');
          inFlight.add(id);
          sentAt.set(id, Date.now());
          const t0 = performance.now();
          void a.registry.outgoing.send({ letterId: id }).then(() => { if (measuring) sendMs.push(performance.now() - t0); }).catch((e: unknown) => { console.error('send failed', e); done = true; });
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    // Watching the sender's records (as the sender's screen would): delivered, with its time.
    const watcher = (async () => {
      while (!done) {
        const waiting = [...inFlight];
        if (waiting.length > 0) {
          const rows = await owner<{ id: string; at: Date }[]>`
            select outgoing_letter_id as id, delivered_at as at from deliveries
            where tenant_id = ${a.tenantId} and outgoing_letter_id = any(${waiting}::uuid[]) and state in ('delivered', 'registered')`;
          for (const r of rows) {
            inFlight.delete(r.id);
            if (measuring) {
              latencies.push(r.at.getTime() - sentAt.get(r.id)!);
              delivered++;
            }
          }
        }
        const now = Date.now();
        if (!measuring && now >= warmupEnd) { measuring = true; measureStart = now; }
        if (measuring && now - measureStart >= SECONDS * 1000) { measureEnd = now; done = true; }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await Promise.all([sender, watcher]);
    const elapsed = (measureEnd - measureStart) / 1000;
    latencies.sort((x, y) => x - y);
    sendMs.sort((x, y) => x - y);

    // Every delivered letter is in the recipient's waiting list, once.
    await new Promise((r) => setTimeout(r, 3000));
    const [check] = await owner<{ delivered: number; waiting: number; letters: number; failed: number }[]>`
      select (select count(*)::int from deliveries where tenant_id = ${a.tenantId} and state in ('delivered', 'registered')) as delivered,
             (select count(*)::int from deliveries where tenant_id = ${a.tenantId} and state = 'failed') as failed,
             (select count(*)::int from waiting_letters where tenant_id = ${b.tenantId}) as waiting,
             (select count(distinct source_delivery_id)::int from letters where tenant_id = ${b.tenantId}) as letters`;

    const figures = {
      p50_ms: Math.round(percentile(latencies, 50)), p95_ms: Math.round(percentile(latencies, 95)),
      letters_per_s: Math.round(delivered / elapsed), in_flight: IN_FLIGHT, seconds: SECONDS, worker_concurrency: WORKER_CONCURRENCY,
      delivered_total: check!.delivered, recipient_waiting: check!.waiting, failed: check!.failed,
    };
    return {
      figures: { delivery: figures },
      table: [
        { measure: 'p50 send → delivered (ms)', value: figures.p50_ms, target: '' },
        { measure: 'p50 / p95 of the send call itself (ms)', value: `${Math.round(percentile(sendMs, 50))} / ${Math.round(percentile(sendMs, 95))}`, target: '' },
        { measure: 'p95 send → delivered (ms)', value: figures.p95_ms, target: '< 500' },
        { measure: 'letters delivered per second', value: figures.letters_per_s, target: '≥ 200' },
        { measure: 'delivered / in recipient waiting list / failed', value: `${check!.delivered} / ${check!.waiting} / ${check!.failed}`, target: 'equal / 0' },
      ],
    };
  } finally {
    if (worker) await stopProcess(worker.child);
    await closePools();
    await owner.end();
    await s3.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
