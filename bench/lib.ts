import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';

export function startProcess(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  return { child, output: () => output };
}

export async function waitFor(url: string, timeoutMs: number, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited early:\n${output()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${url}:\n${output()}`);
}

export async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** `concurrency` keep-alive clients hammer one GET for `seconds` after a warm-up; bounded in time, loopback only. */
export async function load(url: string, headers: Record<string, string>, concurrency: number, seconds: number, warmupSeconds = 2) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const once = () => new Promise<number>((resolve, reject) => {
    const start = performance.now();
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - start) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
  const runFor = async (ms: number, record: boolean) => {
    const latencies: number[] = [];
    const end = Date.now() + ms;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const ms = await once();
        if (record) latencies.push(ms);
      }
    }));
    return latencies;
  };
  await runFor(warmupSeconds * 1000, false);
  const started = performance.now();
  const latencies = await runFor(seconds * 1000, true);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    req_per_s: Math.round(latencies.length / elapsed),
    p50_ms: Number(percentile(latencies, 50).toFixed(2)),
    p95_ms: Number(percentile(latencies, 95).toFixed(2)),
  };
}


/** The claims of a person signed in for a benchmark: a live server-side session, as sign-in starts. */
export async function signedIn(tenantId: string, userId: string) {
  const { runInTenant } = await import('@/db/scope');
  const { startUserSession } = await import('@/server/auth/sessions');
  const sid = await runInTenant({ tenantId, userId }, (tx) => startUserSession(tx, tenantId, userId, null));
  return { kind: 'user' as const, tenantId, userId, sv: 1, sid };
}

/** Signs a demo person in through next-auth's credentials route, as the browser does: the session cookie. */
export async function signIn(base: string, agency: string, username: string, password = 'saraban-demo') {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, origin: base },
    body: new URLSearchParams({ csrfToken, kind: 'user', agency, username, password, json: 'true' }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in of ${agency}/${username} failed: HTTP ${response.status}`);
  return session.split(';')[0]!;
}

export { percentile };

/** CPU time the whole machine has spent (every process: the app, PostgreSQL, the object store, the node), in ms, from /proc/stat. */
export function machineCpuMs() {
  const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq!) * (1000 / 100);
}

/**
 * CPU time (user and system, in ms, with that of children they have reaped) of the processes
 * under each named root process (the root and its descendants), from /proc.
 */
export function cpuByProcessTree(roots: Record<string, number>) {
  const stats = new Map<number, { parent: number; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // Fields after the command name (which may hold spaces): state, ppid, … utime (14th), stime, cutime, cstime.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    stats.set(Number(entry), { parent: f[1]!, ms: (f[11]! + f[12]! + f[13]! + f[14]!) * (1000 / 100) });
  }
  const byPid = new Map(Object.entries(roots).map(([name, pid]) => [pid, name]));
  const totals: Record<string, number> = Object.fromEntries(Object.keys(roots).map((name) => [name, 0]));
  for (const [pid, { ms }] of stats) {
    for (let at: number | undefined = pid, depth = 0; at && depth < 64; at = stats.get(at)?.parent, depth++) {
      const name = byPid.get(at);
      if (name) {
        totals[name]! += ms;
        break;
      }
    }
  }
  return totals;
}
