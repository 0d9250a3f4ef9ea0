/**
 * `registration`: registrations per second through the real procedure (registry.register:
 * viewer, RLS transaction, letter claim, job enqueue, counter + register line, audit
 * append) without HTTP, (a) 32 concurrent over 32 agencies with one register each, and
 * (b) 32 concurrent into one register; beside each, the raw-SQL baseline (counter
 * UPDATE … RETURNING + insert, in a transaction) at the same concurrency on the same
 * PostgreSQL. The two sides take turns in short rounds, so a slower or faster spell of
 * the machine falls on both alike.
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
import { signedIn } from './lib';
import type { BenchResult } from './run';

const CONCURRENCY = 32;
/** Each side runs ROUNDS times for SECONDS, turn about. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const WARM_UP_SECONDS = 2;
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
      session: await signedIn(tenantId, officer.id), requestedUnitId: rootUnitId, ip: null, setCookie: null,
    });
    agencies.push({ tenantId, ids, caller });
  }
  return agencies;
}

/** The raw-SQL baseline's tables (one counter row per register) and its one registration. */
async function rawBaseline(owner: postgres.Sql, registers: number) {
  await owner`drop table if exists bench_counters, bench_entries`;
  await owner`create table bench_counters (register_id int, year int, last_number int not null, primary key (register_id, year))`;
  await owner`create table bench_entries (register_id int, year int, number int, letter_id uuid not null, registered_at timestamptz not null,
              primary key (register_id, year, number))`;
  await owner`insert into bench_counters select g, 2026, 0 from generate_series(0, ${registers - 1}) g`;
  return async (worker: number) => {
    const register = worker % registers;
    await owner.begin(async (tx) => {
      const [c] = await tx`update bench_counters set last_number = last_number + 1 where register_id = ${register} and year = 2026 returning last_number`;
      await tx`insert into bench_entries values (${register}, 2026, ${c!.last_number}, gen_random_uuid(), clock_timestamp())`;
    });
  };
}

/**
 * Both sides, turn about, each round starting from a checkpoint (so background writes of
 * the set-up or of the other side slow neither); the mean rate of each side.
 */
async function compare(owner: postgres.Sql, ours: (worker: number) => Promise<void>, raw: (worker: number) => Promise<void>) {
  // An unmeasured turn of each side first, so that every measured round sees compiled
  // code, cached plans and open connections on both sides alike.
  await runFor(CONCURRENCY, WARM_UP_SECONDS, ours);
  await runFor(CONCURRENCY, WARM_UP_SECONDS, raw);
  let oursTotal = 0;
  let rawTotal = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await owner`checkpoint`;
    oursTotal += await runFor(CONCURRENCY, SECONDS, ours);
    await owner`checkpoint`;
    rawTotal += await runFor(CONCURRENCY, SECONDS, raw);
  }
  return { ops: Math.round(oursTotal / ROUNDS), raw: Math.round(rawTotal / ROUNDS) };
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

    // Enough waiting letters for the fastest rate seen on this machine, with room to spare.
    const measured = ROUNDS * SECONDS + WARM_UP_SECONDS;
    const spread = await setUpAgencies(owner, CONCURRENCY, Math.ceil((6000 * measured) / CONCURRENCY));
    const [hot] = await setUpAgencies(owner, 1, 4000 * measured);
    const take = (ids: string[]) => {
      const id = ids.pop();
      if (!id) throw new Error('benchmark ran out of waiting letters');
      return id;
    };
    // The bulk-loaded set-up is vacuumed and analysed first (as a database in service has
    // its statistics), so autovacuum does not start on it mid-phase.
    await owner`vacuum analyze`;

    const a = await compare(owner, (w) => spread[w]!.caller.registry.register({ letterId: take(spread[w]!.ids) }).then(() => {}),
      await rawBaseline(owner, CONCURRENCY));
    const b = await compare(owner, () => hot!.caller.registry.register({ letterId: take(hot!.ids) }).then(() => {}),
      await rawBaseline(owner, 1));
    const check = await verify(owner);

    const figures = ({ ops, raw }: { ops: number; raw: number }) => ({
      ops_per_s: ops, raw_ops_per_s: raw, ratio: Number((ops / raw).toFixed(3)),
      gaps: check.gaps, duplicates: check.duplicates, concurrency: CONCURRENCY, rounds: ROUNDS, seconds_per_round: SECONDS,
    });
    return {
      figures: { registration: figures(a), registration_one_register: figures(b) },
      table: [
        { case: '(a) 32 agencies, one register each', ops_per_s: a.ops, raw_ops_per_s: a.raw, ratio: Number((a.ops / a.raw).toFixed(3)) },
        { case: '(b) 32 concurrent into one register', ops_per_s: b.ops, raw_ops_per_s: b.raw, ratio: Number((b.ops / b.raw).toFixed(3)) },
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
