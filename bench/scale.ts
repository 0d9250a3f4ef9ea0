/**
 * `scale`: a ministry's registry of a million letters (bench/scale-load.sql, loaded into the demo
 * agency 'opm' of a fresh data folder), measured through the real HTTP server as signed-in people:
 * - the data call behind every screen, as the registry officer, the clerk, the director and the
 *   admin: p50/p95 of SAMPLES sequential calls after a warm-up, and `worst_p95_ms`;
 * - the year's receive register (200,000 lines) exported as the screen does it, by an export job, as
 *   XLSX (`xlsx_year_s`) and as PDF (`pdf_year_s`), each from the request to the file downloaded, and
 *   one day of it as PDF downloaded at once (`pdf_day_s`); with the peak resident memory of the
 *   server and of the job worker (`export_peak_rss_mb` the larger) and the p95 of me.get asked twice
 *   a second by another agency meanwhile (`others_p95_ms`), against the same me.get with nothing
 *   else running (`others_idle_p95_ms`).
 * - baselines in the same run (bench/scale-baselines.ts): a register PDF laid out by Typst as before
 *   against the table writer (`pdf_writer_speedup`), and a page of 1,000 register lines under
 *   row-level security against the same query without it (`register_page_rls_ratio`).
 * SCALE_BASE_URL and SCALE_DATA_DIR measure a server already running on loaded data instead.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '@/server/runtime/free-port';
import type { BenchResult } from './run';
import { percentile, signIn, startProcess, stopProcess, waitFor } from './lib';
import { pdfLayoutBaseline, policyBaseline } from './scale-baselines';

const root = path.resolve(import.meta.dirname, '..');
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);

type Call = { who: string; name: string; path: string; input?: unknown; method?: 'GET' | 'POST' };

async function trpc(base: string, cookie: string, call: Pick<Call, 'path' | 'input' | 'method'>) {
  const url = `${base}/api/trpc/${call.path}${call.method !== 'POST' && call.input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(call.input))}` : ''}`;
  const response = await fetch(url, call.method === 'POST'
    ? { method: 'POST', headers: { cookie, origin: base, 'content-type': 'application/json' }, body: JSON.stringify(call.input ?? null) }
    : { headers: { cookie } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${call.path}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { result: { data: unknown } }).result.data;
}

async function timeCall(base: string, cookie: string, call: Call) {
  for (let i = 0; i < 3; i++) await trpc(base, cookie, call);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await trpc(base, cookie, call);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50_ms: Number(percentile(times, 50).toFixed(1)), p95_ms: Number(percentile(times, 95).toFixed(1)) };
}

function rssMb(pid: number) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch { return 0; }
}

/** me.get from another agency twice a second until stopped: its latencies. */
function otherAgency(base: string, cookie: string) {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = performance.now();
      await trpc(base, cookie, { path: 'me.get' });
      times.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, Math.max(0, 500 - (performance.now() - start))));
    }
  })();
  return async () => { running = false; await loop; return times.sort((a, b) => a - b); };
}

/** Downloads an export of the register (the route the screen's buttons use): seconds to the last byte, and its size. */
async function exportRegister(base: string, cookie: string, registerId: string, query: Record<string, string>) {
  const start = performance.now();
  const response = await fetch(`${base}/api/registers/${registerId}/export?${new URLSearchParams(query)}`, { headers: { cookie } });
  let bytes = 0;
  const reader = response.body!.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.byteLength;
  return { status: response.status, seconds: Number(((performance.now() - start) / 1000).toFixed(1)), bytes };
}

/**
 * An export as the screen makes it: registry.startExport, its progress asked every second until the
 * file is ready, then the file downloaded. Seconds from the request to the last byte.
 */
async function exportJob(base: string, cookie: string, input: { registerId: string; yearBe: number; format: 'pdf' | 'xlsx' }) {
  const start = performance.now();
  const { id } = await trpc(base, cookie, { path: 'registry.startExport', method: 'POST', input }) as { id: string };
  let state = '';
  let lines = 0;
  while (state !== 'ready') {
    await new Promise((r) => setTimeout(r, 1000));
    const e = (await trpc(base, cookie, { path: 'registry.exports' }) as Array<{ id: string; state: string; linesTotal: number; errorKey: string | null }>).find((x) => x.id === id);
    if (!e || e.state === 'failed') throw new Error(`export ${input.format}: ${e?.errorKey ?? 'gone'}`);
    state = e.state;
    lines = e.linesTotal;
  }
  const response = await fetch(`${base}/api/exports/${id}`, { headers: { cookie } });
  if (!response.ok) throw new Error(`export ${input.format}: HTTP ${response.status}`);
  let bytes = 0;
  const reader = response.body!.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) bytes += part.value.byteLength;
  return { seconds: Number(((performance.now() - start) / 1000).toFixed(1)), bytes, lines };
}

/** The job worker the launcher forked (its command line names scripts/worker.ts), or 0. */
function jobWorkerPid(launcher: number) {
  try {
    for (const task of readdirSync(`/proc/${launcher}/task`)) {
      for (const child of readFileSync(`/proc/${launcher}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
        if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('scripts/worker.ts')) return Number(child);
      }
    }
  } catch { /* not Linux, or the process is gone */ }
  return 0;
}

export async function run(): Promise<BenchResult> {
  const reuse = process.env.SCALE_BASE_URL;
  const dataDir = process.env.SCALE_DATA_DIR ?? path.join(root, '.data-bench-scale');
  let app: ReturnType<typeof startProcess> | undefined;
  let base = reuse ?? '';
  let loadSeconds = 0;
  let serverPid = Number(process.env.SCALE_SERVER_PID ?? 0);
  let pgPort = process.env.SCALE_PG_PORT ?? '';
  try {
    if (!reuse) {
      rmSync(dataDir, { recursive: true, force: true });
      const [port, s3Port] = [await freePort(), await freePort()];
      pgPort = String(await freePort());
      app = startProcess(['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
        SARABAN_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: pgPort, EMBEDDED_S3_PORT: String(s3Port),
      });
      serverPid = app.child.pid!;
      base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/api/health`, 600_000, app.child, app.output);
      const secrets = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { postgresPassword: string };
      const owner = postgres(`postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${pgPort}/saraban`, { max: 1, onnotice: () => {} });
      const started = performance.now();
      await owner.file(path.join(root, 'bench/scale-load.sql'));
      // The running app's indexer makes the loaded letters searchable (the registers' words filter
      // reads the search index): measured once it is done, not while it works.
      while ((await owner<{ n: number }[]>`select count(*)::int as n from search_pending`)[0]!.n > 0) await new Promise((r) => setTimeout(r, 5000));
      await owner`vacuum analyze`;
      loadSeconds = Number(((performance.now() - started) / 1000).toFixed(0));
      await owner.end();
    }
    const secrets = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { postgresPassword: string };
    const owner = postgres(`postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${pgPort}/saraban`, { max: 1, onnotice: () => {} });
    const [facts] = await owner<{ letters: number; receive: string; send: string; letter_id: string; tenant: string; registry: string }[]>`
      select t.id tenant, (select id from users where tenant_id = t.id and username = 'registry') registry,
             (select count(*)::int from register_entries e where e.tenant_id = t.id) letters,
             (select id from registers g where g.tenant_id = t.id and g.kind = 'receive' and not g.classified and g.unit_id = (select id from units where tenant_id = t.id and parent_id is null)) receive,
             (select id from registers g where g.tenant_id = t.id and g.kind = 'send' and not g.classified and g.unit_id = (select id from units where tenant_id = t.id and parent_id is null)) send,
             (select letter_id from register_entries e where e.tenant_id = t.id and e.year = 2026 order by number desc limit 1 offset 500) letter_id
        from tenants t where t.code = 'opm'`;
    const f = facts!;
    const policy = await policyBaseline(owner, f);
    await owner.end();

    const cookies: Record<string, string> = {};
    for (const [key, agency, username] of [['registry', 'opm', 'registry'], ['clerk', 'opm', 'clerk'], ['director', 'opm', 'director'], ['admin', 'opm', 'admin'], ['other', 'cgd', 'registry']] as const) {
      cookies[key] = await signIn(base, agency, username);
    }
    const yearBe = 2569;
    const calls: Call[] = [
      { who: 'registry', name: 'waiting', path: 'registry.waiting' },
      { who: 'registry', name: 'register_first_page', path: 'registry.entries', input: { registerId: f.receive, yearBe } },
      { who: 'registry', name: 'register_words_none', path: 'registry.entries', input: { registerId: f.receive, yearBe, text: 'ไม่มีคำนี้ในทะเบียน' } },
      { who: 'registry', name: 'register_words_common', path: 'registry.entries', input: { registerId: f.receive, yearBe, text: 'ขอความร่วมมือ' } },
      { who: 'registry', name: 'register_words_rare', path: 'registry.entries', input: { registerId: f.receive, yearBe, text: 'เลขที่อ้างอิง 999990' } },
      { who: 'registry', name: 'register_exports', path: 'registry.exports' },
      { who: 'registry', name: 'send_register_first_page', path: 'registry.entries', input: { registerId: f.send, yearBe } },
      { who: 'registry', name: 'letter_page', path: 'letters.get', input: { letterId: f.letter_id } },
      { who: 'registry', name: 'outgoing_lists', path: 'outgoing.list' },
      { who: 'registry', name: 'notifications', path: 'letters.notifications' },
      { who: 'registry', name: 'inbox_registry', path: 'letters.inbox' },
      { who: 'clerk', name: 'inbox_clerk', path: 'letters.inbox' },
      { who: 'clerk', name: 'notifications_clerk', path: 'letters.notifications' },
      { who: 'director', name: 'inbox_director', path: 'letters.inbox' },
      { who: 'director', name: 'notifications_director', path: 'letters.notifications' },
      { who: 'director', name: 'outgoing_lists_director', path: 'outgoing.list' },
      { who: 'admin', name: 'audit', path: 'audit.list', input: { limit: 50 } },
    ];
    const figures: Record<string, number | string> = { letters: f.letters, load_s: loadSeconds, samples: SAMPLES, ...policy };
    const table: Array<Record<string, unknown>> = [];
    let worst = 0;
    for (const call of calls) {
      const t = await timeCall(base, cookies[call.who]!, call);
      figures[`${call.name}_p50_ms`] = t.p50_ms;
      figures[`${call.name}_p95_ms`] = t.p95_ms;
      worst = Math.max(worst, t.p95_ms);
      table.push({ call: `${call.who}: ${call.path} (${call.name})`, ...t });
    }
    figures.worst_p95_ms = worst;

    if (process.env.SCALE_SKIP_EXPORTS !== '1') {
      const idle = otherAgency(base, cookies.other!);
      await new Promise((r) => setTimeout(r, 5000));
      const idleTimes = await idle();
      const others = otherAgency(base, cookies.other!);
      // The server (this process) and the job worker it started: each one's peak while exporting.
      const workerPid = jobWorkerPid(serverPid);
      const before = rssMb(serverPid);
      const peak = { server: before, worker: rssMb(workerPid) };
      const sampler = setInterval(() => {
        peak.server = Math.max(peak.server, rssMb(serverPid));
        peak.worker = Math.max(peak.worker, rssMb(workerPid));
      }, 200);
      const xlsx = await exportJob(base, cookies.registry!, { registerId: f.receive, yearBe, format: 'xlsx' });
      const pdfYear = await exportJob(base, cookies.registry!, { registerId: f.receive, yearBe, format: 'pdf' });
      const pdf = await exportRegister(base, cookies.registry!, f.receive, { format: 'pdf', yearBe: String(yearBe), day: '2026-11-30' });
      if (pdf.status !== 200) throw new Error(`one day's PDF: HTTP ${pdf.status}`);
      clearInterval(sampler);
      const otherTimes = await others();
      Object.assign(figures, {
        xlsx_year_s: xlsx.seconds, xlsx_year_mb: Number((xlsx.bytes / 2 ** 20).toFixed(1)), xlsx_year_lines: xlsx.lines,
        pdf_year_s: pdfYear.seconds, pdf_year_mb: Number((pdfYear.bytes / 2 ** 20).toFixed(1)), pdf_year_lines: pdfYear.lines,
        pdf_day_s: pdf.seconds, pdf_day_kb: Math.round(pdf.bytes / 1024),
        export_peak_rss_mb: Math.round(Math.max(peak.server, peak.worker)), server_peak_rss_mb: Math.round(peak.server),
        worker_peak_rss_mb: Math.round(peak.worker), rss_before_exports_mb: Math.round(before),
        others_p95_ms: Number(percentile(otherTimes, 95).toFixed(1)), others_idle_p95_ms: Number(percentile(idleTimes, 95).toFixed(1)),
      });
      table.push({ call: 'export job: receive register 2569 as XLSX, to the file downloaded', seconds: xlsx.seconds, mb: figures.xlsx_year_mb });
      table.push({ call: 'export job: receive register 2569 as PDF, to the file downloaded', seconds: pdfYear.seconds, mb: figures.pdf_year_mb });
      table.push({ call: 'export: one day (30 Nov 2569) of it as PDF (direct download)', seconds: pdf.seconds, kb: figures.pdf_day_kb });
      table.push({ call: 'RSS (MB) during exports: server peak / job worker peak / server before', value: `${figures.server_peak_rss_mb} / ${figures.worker_peak_rss_mb} / ${figures.rss_before_exports_mb}` });
      table.push({ call: 'me.get p95 from another agency: during exports / idle', value: `${figures.others_p95_ms} / ${figures.others_idle_p95_ms}` });
    }
    const layout = await pdfLayoutBaseline();
    Object.assign(figures, layout);
    table.push({ call: 'register PDF, ms a line: Typst (before) / table writer (now)', value: `${layout.pdf_typst_ms_per_line} / ${layout.pdf_writer_ms_per_line} (×${layout.pdf_writer_speedup})` });
    table.push({ call: 'a page of 1,000 register lines, ms: under RLS / as owner without it', value: `${policy.register_page_rls_ms} / ${policy.register_page_no_rls_ms} (×${policy.register_page_rls_ratio})` });
    return { figures: { scale: figures }, table };
  } finally {
    if (app) {
      await stopProcess(app.child);
      if (!process.env.SCALE_KEEP) rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
