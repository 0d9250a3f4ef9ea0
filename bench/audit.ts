/**
 * `audit`: the cost of the audit chain, through the real path, in one run beside its baseline.
 * - append_ratio: audit entries appended per second (recordAudit in agency transactions, 8 at a
 *   time) with the sealer running, over the same appends with no sealer: the median over 25 pairs
 *   of rounds side by side (2 s each, BENCH_SECONDS).
 * - seal_lag_p95_ms: at 1,000 appends per second, the 95th percentile of the time from an
 *   entry's commit to its sealing (the worker's sealer, every 200 ms).
 * - verify_1m_s: verifying a chain of 1,000,000 entries (every hash recomputed).
 * Against an embedded PostgreSQL in a temporary folder.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closePools } from '@/db/client';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { runInTenant } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { sealAgencyChain, sealAuditChains, verifyAgencyChain } from '@/server/audit/audit-chain';
import { recordAudit } from '@/server/audit/record-audit';
import { createAgency } from '@/server/platform/create-agency';
import { startEmbeddedPostgres } from '@/server/runtime/embedded-postgres';
import { freePort } from '@/server/runtime/free-port';
import type { BenchResult } from './run';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const PAIRS = 25;
const LAG_SECONDS = 5;
const CONCURRENCY = 8;
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const secret = 'audit-benchmark-secret-0123456789abcdef';
const operator = { id: '00000000-0000-4000-8000-000000000000', fullName: 'bench' };

async function append(tenantId: string, n: number) {
  await runInTenant({ tenantId, userId: null, system: true }, (tx) =>
    recordAudit(tx, tenantId, { actor: systemActor('bench'), action: 'letter.routed', targetType: 'letter', targetId: String(n), data: { n, note: 'ส่งต่อเพื่อทราบ' } }));
}

/** Appends as fast as CONCURRENCY transactions can for `seconds`: entries per second. */
async function appendRate(tenantId: string, seconds: number) {
  let n = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) await append(tenantId, n++);
  }));
  return n / seconds;
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'bench', database: 'saraban' });
  const postgres = (await import('postgres')).default;
  const owner = postgres(pg.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await migrateDatabase(pg.ownerUrl);
    const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, secret);
    // No files are touched: the object store's settings only need to be present.
    Object.assign(process.env, {
      DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl, NEXTAUTH_SECRET: secret,
      S3_ENDPOINT: 'http://127.0.0.1:9', S3_BUCKET: 'unused', S3_ACCESS_KEY_ID: 'unused', S3_SECRET_ACCESS_KEY: 'unused',
    });
    await owner`insert into platform_operators (id, username, full_name, password_hash) values (${operator.id}, 'bench', 'bench', 'x')`;
    const agency = async (code: string) => (await createAgency(operator, {
      code: `${code}-${Date.now().toString(36)}`, nameTh: 'กรมทดสอบบันทึก', nameEn: '', ministryCode: 'นร', ownerNumber: '0105', address: '', phone: '', email: '',
      admin: { username: 'admin', fullNameTh: 'ผู้ดูแล', position: '', email: '', password: 'benchmark-password' },
    })).tenantId;

    // Baseline (no sealer) and the chain (the sealer running as in the worker, every 200 ms).
    const plain = await agency('plain');
    const chained = await agency('chained');
    let sealing = false;
    let sealer: Promise<void> = Promise.resolve();
    const startSealer = () => {
      sealing = true;
      sealer = (async () => {
        while (sealing) {
          await sealAuditChains(owner);
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
    };
    const stopSealer = async () => { sealing = false; await sealer; };
    await appendRate(plain, 1);
    const rates = { plain: [] as number[], chain: [] as number[] };
    const round = async (side: 'plain' | 'chain') => {
      if (side === 'plain') {
        rates.plain.push(await appendRate(plain, SECONDS));
      } else {
        // The baseline's entries are sealed before the chain's round, which then seals only its own.
        while (await sealAuditChains(owner) > 0);
        startSealer();
        rates.chain.push(await appendRate(chained, SECONDS));
        await stopSealer();
      }
    };
    // Pairs of rounds side by side, each pair's order the other way round from the last: the ratio
    // is the median over the pairs, so a slow drift of the machine or one noisy round favours neither.
    const ratios: number[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      for (const side of pair % 2 === 0 ? ['plain', 'chain'] as const : ['chain', 'plain'] as const) await round(side);
      ratios.push(rates.chain.at(-1)! / rates.plain.at(-1)!);
    }
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const baseline = mean(rates.plain);
    const withChain = mean(rates.chain);
    const ratio = ratios.sort((x, y) => x - y)[Math.floor(PAIRS / 2)]!;
    startSealer();

    // Seal lag at 1,000 appends per second: each entry's commit time, then the first pass that finds it sealed.
    const lagged = await agency('lag');
    const committed = new Map<string, number>();
    const lags: number[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching || committed.size > 0) {
        const ids = [...committed.keys()];
        if (ids.length > 0) {
          const sealed = await owner<Array<{ target_id: string }>>`select a.target_id from audit_log a join audit_chain c on c.tenant_id = a.tenant_id and c.entry_id = a.id
            where a.tenant_id = ${lagged} and a.target_id = any(${ids})`;
          const now = Date.now();
          for (const { target_id: id } of sealed) {
            lags.push(now - committed.get(id)!);
            committed.delete(id);
          }
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const start = Date.now();
    let sent = 0;
    const inflight: Array<Promise<void>> = [];
    while (Date.now() - start < LAG_SECONDS * 1000) {
      const due = Math.floor((Date.now() - start) / 1000 * 1000);
      while (sent < due) {
        const n = sent++;
        inflight.push(append(lagged, n).then(() => { committed.set(String(n), Date.now()); }));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(inflight);
    watching = false;
    await watcher;
    await stopSealer();
    lags.sort((x, y) => x - y);
    const lagP95 = lags[Math.floor(lags.length * 0.95)] ?? 0;

    // Verifying a chain of ENTRIES entries.
    const big = await agency('verify');
    for (let done = 0; done < ENTRIES; done += 100_000) {
      await owner`insert into audit_log (tenant_id, actor_kind, actor_name, action, target_type, target_id, data)
        select ${big}::uuid, 'system', 'bench', 'letter.routed', 'letter', g::text, jsonb_build_object('n', g) from generate_series(${done + 1}::int, ${Math.min(ENTRIES, done + 100_000)}::int) g`;
      await sealAgencyChain(big);
    }
    const t0 = performance.now();
    const report = await verifyAgencyChain(owner, big);
    const verifySeconds = (performance.now() - t0) / 1000;
    if (report.broken || report.entries < ENTRIES) throw new Error(`the verified chain is not what was built: ${JSON.stringify(report)}`);

    const figures = {
      append_ratio: Number(ratio.toFixed(2)),
      appends_per_s_chain: Math.round(withChain), appends_per_s_plain: Math.round(baseline),
      seal_lag_p95_ms: lagP95, seal_lag_samples: lags.length,
      verify_1m_s: Number((verifySeconds * 1_000_000 / ENTRIES).toFixed(1)), verify_entries: ENTRIES,
    };
    return {
      figures: { audit: figures },
      table: [
        { measure: 'appends/s, chain + sealer', value: figures.appends_per_s_chain },
        { measure: 'appends/s, no sealer (baseline)', value: figures.appends_per_s_plain },
        { measure: 'append_ratio (target ≥ 0.9)', value: figures.append_ratio },
        { measure: 'seal lag p95 at 1,000/s, ms (target ≤ 1000)', value: figures.seal_lag_p95_ms },
        { measure: `verify ${ENTRIES} entries, s (scaled to 1M; target ≤ 30)`, value: figures.verify_1m_s },
      ],
    };
  } finally {
    await owner.end({ timeout: 5 });
    await closePools();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
