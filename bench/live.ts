/**
 * `live`: how soon an open page hears of a change. 500 browsers hold the live stream
 * (server-sent events, `live.changes`) of the real app server; a registry officer records
 * paper letters through the API, and for each browser the time from the request that commits
 * the letter to the browser hearing `waiting` is taken (an upper bound of commit → browser).
 * Baseline, in the same run: what pages did before, each browser asking for the waiting list
 * every 30 s (at its own moment), timed from the same kind of request to the first answer
 * that holds the new letter.
 */
import { request, type IncomingMessage } from 'node:http';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@/server/runtime/free-port';
import type { BenchResult } from './run';
import { percentile, signIn, startProcess, stopProcess, waitFor } from './lib';

const root = path.resolve(import.meta.dirname, '..');
const CLIENTS = Number(process.env.LIVE_CLIENTS ?? 500);
const CHANGES = Number(process.env.LIVE_CHANGES ?? 20);
const POLL_MS = 30_000;
const POLL_CHANGES = Number(process.env.LIVE_POLL_CHANGES ?? 2);

type Stream = { heard: (event: string) => void; close: () => void };

/** One browser's live stream: `onEvent` for each event's data, as EventSource would deliver it. */
function openStream(base: string, cookie: string, onEvent: (event: string) => void): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/trpc/live.changes`, { headers: { cookie, accept: 'text/event-stream' }, agent: false }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return reject(new Error(`live stream: HTTP ${res.statusCode}`));
      let buffer = '';
      let ready = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const data = lines.find((l) => l.startsWith('data:'))?.slice(5).trim();
          const kind = lines.find((l) => l.startsWith('event:'))?.slice(6).trim();
          // Data events only: not the stream's greeting (connected) nor its keep-alive (ping).
          if (!data || (kind && kind !== 'message')) continue;
          const event = JSON.parse(data) as string;
          if (event === 'ready' && !ready) {
            ready = true;
            resolve({ heard: onEvent, close: () => req.destroy() });
          } else onEvent(event);
        }
      });
      res.on('error', () => {});
    });
    req.on('error', reject);
    req.end();
  });
}

async function post(base: string, cookie: string, procedure: string, input: unknown) {
  const response = await fetch(`${base}/api/trpc/${procedure}`, {
    method: 'POST', headers: { cookie, origin: base, 'content-type': 'application/json' }, body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`${procedure}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { result: { data: { id: string } } }).result.data;
}

const letter = (n: number) => ({
  documentNumber: `กค 0402/ว ${n}`, letterDate: '2026-11-30', fromText: 'กรมบัญชีกลาง', toText: 'ปลัดสำนักนายกรัฐมนตรี',
  subject: `หนังสือทดสอบการแจ้งทันที ฉบับที่ ${n}`,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { samples: sorted.length, p50_ms: Math.round(percentile(sorted, 50)), p95_ms: Math.round(percentile(sorted, 95)), max_ms: Math.round(sorted.at(-1) ?? 0) };
}

/** Live: every stream times each change from the start of the request that commits it. */
async function measureLive(base: string, cookies: string[], actor: string) {
  let sentAt = 0;
  let heardThisRound = 0;
  const latencies: number[] = [];
  const streams: Stream[] = [];
  // Browsers arrive fifty at a time, as a morning's sign-ins do.
  for (let i = 0; i < CLIENTS; i += 50) {
    streams.push(...await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, (_, j) => openStream(base, cookies[(i + j) % cookies.length]!, (event) => {
      if (event !== 'waiting' || sentAt === 0) return;
      latencies.push(performance.now() - sentAt);
      heardThisRound++;
    }))));
  }
  try {
    for (let n = 0; n < CHANGES; n++) {
      heardThisRound = 0;
      sentAt = performance.now();
      await post(base, actor, 'intake.recordPaperLetter', letter(n + 1));
      const deadline = performance.now() + 5000;
      while (heardThisRound < CLIENTS && performance.now() < deadline) await sleep(20);
      const missed = CLIENTS - heardThisRound;
      for (let m = 0; m < missed; m++) latencies.push(5000);
      sentAt = 0;
      await sleep(500);
    }
  } finally {
    for (const s of streams) s.close();
  }
  return summary(latencies);
}

/** Baseline: each browser asks for the waiting list every 30 s; the first answer holding the new letter ends its wait. */
async function measurePolling(base: string, cookies: string[], actor: string) {
  const latencies: number[] = [];
  for (let n = 0; n < POLL_CHANGES; n++) {
    let sentAt = 0;
    let letterId = '';
    const seen = new Set<number>();
    let stop = false;
    const clients = Array.from({ length: CLIENTS }, async (_, i) => {
      // Each page's 30 s began at its own moment.
      await sleep(Math.random() * POLL_MS);
      while (!stop) {
        const response = await fetch(`${base}/api/trpc/registry.waiting`, { headers: { cookie: cookies[i % cookies.length]! } });
        const body = await response.text();
        if (letterId && !seen.has(i) && body.includes(letterId)) {
          seen.add(i);
          latencies.push(performance.now() - sentAt);
          return;
        }
        await sleep(POLL_MS);
      }
    });
    await sleep(POLL_MS + 1000);
    sentAt = performance.now();
    letterId = (await post(base, actor, 'intake.recordPaperLetter', letter(1000 + n))).id;
    const deadline = performance.now() + POLL_MS + 10_000;
    while (seen.size < CLIENTS && performance.now() < deadline) await sleep(100);
    stop = true;
    await Promise.race([Promise.all(clients), sleep(POLL_MS + 5000)]);
  }
  return summary(latencies);
}

export async function run(): Promise<BenchResult> {
  const dataDir = path.join(root, '.data-bench');
  rmSync(dataDir, { recursive: true, force: true });
  const [port, pgPort, s3Port] = [await freePort(), await freePort(), await freePort()];
  const app = startProcess(['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
    SARABAN_DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_S3_PORT: String(s3Port),
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/health`, 300_000, app.child, app.output);
    // Ten sessions of registry officers share the browsers; one more records the letters.
    const cookies: string[] = [];
    for (let i = 0; i < 10; i++) cookies.push(await signIn(base, 'opm', 'registry'));
    const actor = await signIn(base, 'opm', 'registry');

    const live = await measureLive(base, cookies, actor);
    const polling = await measurePolling(base, cookies, actor);
    const ratio = Number((polling.p95_ms / Math.max(1, live.p95_ms)).toFixed(1));
    return {
      figures: {
        live: {
          clients: CLIENTS, changes: CHANGES, p50_ms: live.p50_ms, p95_ms: live.p95_ms, max_ms: live.max_ms, samples: live.samples,
          polling_p50_ms: polling.p50_ms, polling_p95_ms: polling.p95_ms, polling_samples: polling.samples, polling_every_ms: POLL_MS,
          ratio,
        },
      },
      table: [
        { path: `live stream, ${CLIENTS} browsers, ${CHANGES} letters recorded`, ...live },
        { path: `baseline: each browser asks every ${POLL_MS / 1000} s, ${POLL_CHANGES} letters`, ...polling },
        { path: 'ratio (baseline p95 / live p95)', p95_ms: ratio },
      ],
    };
  } finally {
    await stopProcess(app.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
