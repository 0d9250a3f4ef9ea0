/**
 * `registration`: registrations per second through the real procedure (registry.register:
 * viewer, RLS transaction, letter claim, counter + register line, audit append) without
 * HTTP, (a) 32 concurrent over 32 agencies with one register each, and (b) 32 concurrent
 * into one register; beside each, the raw-SQL baseline (counter UPDATE … RETURNING +
 * insert, in a transaction) at the same concurrency on the same PostgreSQL.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '@/server/runtime/free-port';
import { closePools } from '@/db/client';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { runInTenant } from '@/db/scope';
import { createPerson } from '@/server/people/create-person';
import { createAgency } from '@/server/platform/create-agency';
import { createCaller } from '@/server/routers/_app';
import { startEmbeddedPostgres } from '@/server/runtime/embedded-postgres';
import type { BenchResult } from './run';

const CONCURRENCY = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const secret = 'registration-benchmark-secret-0123456789';
/** The operator recorded as creating the benchmark's agencies. */
const adminIdPlaceholder = '00000000-0000-4000-8000-000000000000';

async function runFor(concurrency: number, seconds: number, op: (worker: number) => Promise<void>) {
  const end = Date.now() + seconds * 1000;
  let ops = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (Date.now() < end) {
      await op(worker);
      ops++;
    }
  }));
  return Math.round(ops / ((performance.now() - started) / 1000));
}

async function setUpAgencies(owner: postgres.Sql, count: number, lettersEach: number) {
  const agencies = [];
  for (let i = 0; i < count; i++) {
    const code = `bench-${i}-${Date.now().toString(36)}`;
    const { tenantId, rootUnitId, adminId } = await createAgency({ id: adminIdPlaceholder, fullName: 'bench' }, {
      code, nameTh: `กรมทดสอบสมรรถนะ ${i}`, nameEn: '', ministryCode: 'นร', ownerNumber: '0105', address: '', phone: '', email: '',
      admin: { username: 'admin', fullNameTh: 'ผู้ดูแล', position: '', email: '', password: 'benchmark-password' },
    });
    const officer = await runInTenant({ tenantId, userId: adminId }, (tx) => createPerson(tx, tenantId, { kind: 'system', id: null, name: 'bench' }, {
      username: 'registry', password: 'benchmark-password', fullNameTh: 'นางสาวสารบรรณ ทดสอบ', fullNameEn: '', position: '', email: '',
      memberships: [{ unitId: rootUnitId, role: 'central_registry_officer' }],
    }));
    await owner`
      insert into letters (tenant_id, id, unit_id, channel, document_number, letter_date, from_text, to_text, subject)
      select ${tenantId}, gen_random_uuid(), ${rootUnitId}, 'paper', 'นร 0105/' || g, '2026-11-01', 'กรมต้นทาง', 'อธิบดี', 'หนังสือทดสอบ ' || g
      from generate_series(1, ${lettersEach}) g`;
    await owner`insert into waiting_letters (tenant_id, letter_id, unit_id) select tenant_id, id, unit_id from letters where tenant_id = ${tenantId}`;
    const ids = (await owner<{ id: string }[]>`select letter_id as id from waiting_letters where tenant_id = ${tenantId}`).map((r) => r.id);
    const caller = createCaller({
      session: { kind: 'user', tenantId, userId: officer.id, sv: 1 }, requestedUnitId: rootUnitId, ip: null, setCookie: null,
    });
    agencies.push({ tenantId, ids, caller });
  }
  return agencies;
}

async function rawBaseline(owner: postgres.Sql, registers: number, seconds: number) {
  await owner`drop table if exists bench_counters, bench_entries`;
  await owner`create table bench_counters (register_id int, year int, last_number int not null, primary key (register_id, year))`;
  await owner`create table bench_entries (register_id int, year int, number int, letter_id uuid not null, registered_at timestamptz not null,
              primary key (register_id, year, number))`;
  await owner`insert into bench_counters select g, 2026, 0 from generate_series(0, ${registers - 1}) g`;
  return runFor(CONCURRENCY, seconds, async (worker) => {
    const register = worker % registers;
    await owner.begin(async (tx) => {
      const [c] = await tx`update bench_counters set last_number = last_number + 1 where register_id = ${register} and year = 2026 returning last_number`;
      await tx`insert into bench_entries values (${register}, 2026, ${c!.last_number}, gen_random_uuid(), clock_timestamp())`;
    });
  });
}

async function verify(owner: postgres.Sql) {
  const [row] = await owner<{ gaps: number; duplicates: number; entries: number }[]>`
    select coalesce(sum(max_number - distinct_numbers), 0)::int as gaps, coalesce(sum(entries - distinct_numbers), 0)::int as duplicates,
           coalesce(sum(entries), 0)::int as entries
    from (select register_id, year, max(number) as max_number, count(distinct number) as distinct_numbers, count(*) as entries
          from register_entries group by register_id, year) r`;
  return row!;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'bench', database: 'saraban' });
  const owner = postgres(pg.ownerUrl, { max: CONCURRENCY + 4, onnotice: () => {} });
  try {
    await migrateDatabase(pg.ownerUrl);
    const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, secret);
    Object.assign(process.env, {
      DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl, NEXTAUTH_SECRET: secret, DB_POOL_MAX: process.env.DB_POOL_MAX ?? '10',
      S3_BUCKET: 'unused', S3_ACCESS_KEY_ID: 'unused', S3_SECRET_ACCESS_KEY: 'unused',
    });
    await owner`insert into platform_operators (id, username, full_name, password_hash) values (${adminIdPlaceholder}, 'bench', 'bench', 'x')`;

    const perAgency = Math.ceil((2500 * SECONDS * 1.5) / CONCURRENCY);
    const spread = await setUpAgencies(owner, CONCURRENCY, perAgency);
    const [hot] = await setUpAgencies(owner, 1, 2500 * SECONDS);
    const take = (ids: string[]) => {
      const id = ids.pop();
      if (!id) throw new Error('benchmark ran out of waiting letters');
      return id;
    };

    // Every measured phase starts from a checkpoint, so background writes of the set-up
    // (or of an earlier phase) do not slow one side's WAL flushes and not the other's.
    // The bulk-loaded set-up is vacuumed and analysed first, so autovacuum does not start on it mid-phase.
    await owner`vacuum analyze`;
    const quiesce = () => owner`checkpoint`;
    await quiesce();
    const spreadOps = await runFor(CONCURRENCY, SECONDS, async (w) => {
      const a = spread[w]!;
      await a.caller.registry.register({ letterId: take(a.ids) });
    });
    await quiesce();
    const spreadRaw = await rawBaseline(owner, CONCURRENCY, SECONDS);
    await quiesce();
    const sampling = process.env.BENCH_SAMPLE_WAITS ? setInterval(async () => {
      const rows = await owner`select coalesce(wait_event_type, 'cpu') as t, coalesce(wait_event, '-') as e, state, count(*)::int as n
        from pg_stat_activity where backend_type = 'client backend' and usename = 'saraban_app' group by 1, 2, 3 order by n desc`;
      console.log(rows.map((r) => `${r.t}/${r.e}/${r.state}:${r.n}`).join('  '));
    }, 700) : undefined;
    const hotOps = await runFor(CONCURRENCY, SECONDS, async () => {
      await hot!.caller.registry.register({ letterId: take(hot!.ids) });
    });
    if (sampling) clearInterval(sampling);
    await quiesce();
    const hotRaw = await rawBaseline(owner, 1, SECONDS);
    const check = await verify(owner);

    const figures = (ops: number, raw: number) => ({
      ops_per_s: ops, raw_ops_per_s: raw, ratio: Number((ops / raw).toFixed(3)),
      gaps: check.gaps, duplicates: check.duplicates, concurrency: CONCURRENCY, seconds: SECONDS,
    });
    return {
      figures: { registration: figures(spreadOps, spreadRaw), registration_one_register: figures(hotOps, hotRaw) },
      table: [
        { case: '(a) 32 agencies, one register each', ops_per_s: spreadOps, raw_ops_per_s: spreadRaw, ratio: Number((spreadOps / spreadRaw).toFixed(3)) },
        { case: '(b) 32 concurrent into one register', ops_per_s: hotOps, raw_ops_per_s: hotRaw, ratio: Number((hotOps / hotRaw).toFixed(3)) },
        { case: 'after the run: entries / gaps / duplicates', ops_per_s: check.entries, raw_ops_per_s: check.gaps, ratio: check.duplicates },
      ],
    };
  } finally {
    await closePools();
    await owner.end();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
