import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startJobWorker } from '@/server/jobs/worker';
import { FREE_CRASHES, releaseDeadWorkers } from '@/server/jobs/worker-registry';
import { ownerSql } from './factories';

const owner = ownerSql();
afterAll(async () => { await owner.end(); });

async function addJob(task: string, key: string) {
  const [job] = await owner<Array<{ id: string }>>`select (graphile_worker.add_job(${task}, '{}'::json, job_key => ${key})).id::text as id`;
  return job!.id;
}

async function jobRow(id: string) {
  const [row] = await owner<Array<{ locked_by: string | null; attempts: number }>>`select locked_by, attempts from graphile_worker._private_jobs where id = ${id}::bigint`;
  return row ?? null;
}

async function until<T>(check: () => Promise<T | null | undefined | false>, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('job workers that die or stick', () => {
  it('a worker killed mid-job: the next worker releases its lock at once and the job runs', async () => {
    const id = await addJob('test.hang', `hang-${Date.now()}`);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'worker-probe.ts')], {
      cwd: path.resolve(import.meta.dirname, '../..'), env: process.env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    await until(async () => out.includes('running'), 30_000);
    const locked = await jobRow(id);
    expect(locked?.locked_by).toBeTruthy();
    const [registered] = await owner`select pid from outbox.job_workers where worker_id = ${locked!.locked_by}`;
    expect(registered?.pid).toBe(child.pid);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // Still locked by the dead worker: graphile-worker alone would leave it so for four hours.
    expect((await jobRow(id))?.locked_by).toBe(locked!.locked_by);
    expect(locked!.attempts).toBe(1);
    // Released, with the attempt the dead worker took given back: a crash is not the job's failure.
    expect(await releaseDeadWorkers(owner)).toContain(locked!.locked_by);
    expect(await jobRow(id)).toMatchObject({ locked_by: null, attempts: 0 });
    expect((await owner`select crashes from outbox.job_crashes where job_id = ${id}::bigint`)[0]?.crashes).toBe(1);
    let ran = false;
    const started = Date.now();
    const worker = await startJobWorker(process.env.TEST_OWNER_URL!, { concurrency: 1, tasks: { 'test.hang': async () => { ran = true; } } });
    try {
      await until(async () => ran && (await jobRow(id)) === null, 15_000);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect((await owner`select count(*)::int as n from outbox.job_workers where worker_id = ${locked!.locked_by}`)[0]!.n).toBe(0);
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it('stopping does not wait for ever on a job that never ends: it is abandoned, to run again', async () => {
    const id = await addJob('test.stuck', `stuck-${Date.now()}`);
    let running = false;
    const worker = await startJobWorker(process.env.TEST_OWNER_URL!, {
      concurrency: 1, stopTimeoutMs: 1_000, tasks: { 'test.stuck': async () => { running = true; await new Promise(() => {}); } },
    });
    await until(async () => running, 15_000);
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(8_000);
    const row = await jobRow(id);
    expect(row).not.toBeNull();
    expect(row!.locked_by).toBeNull();
    expect(row!.attempts).toBe(1);
    await owner`delete from graphile_worker._private_jobs where id = ${id}::bigint`;
  }, 60_000);

  it('a job that keeps killing its worker gets its attempts back only so many times', async () => {
    const id = await addJob('test.poison', `poison-${Date.now()}`);
    const dead = `dead-worker-${Date.now()}`;
    await owner`insert into outbox.job_workers (worker_id, host, pid) values (${dead}, ${os.hostname()}, 2147483646)`;
    await owner`insert into outbox.job_crashes (job_id, crashes) values (${id}::bigint, ${FREE_CRASHES})`;
    await owner`update graphile_worker._private_jobs set locked_by = ${dead}, locked_at = now(), attempts = 3 where id = ${id}::bigint`;
    expect(await releaseDeadWorkers(owner)).toContain(dead);
    expect(await jobRow(id)).toMatchObject({ locked_by: null, attempts: 3 });
    // Once the job is gone, so is its count.
    await owner`delete from graphile_worker._private_jobs where id = ${id}::bigint`;
    await owner`insert into outbox.job_workers (worker_id, host, pid) values (${dead}, ${os.hostname()}, 2147483646)`;
    const other = await addJob('test.poison', `poison-other-${Date.now()}`);
    await owner`update graphile_worker._private_jobs set locked_by = ${dead}, locked_at = now(), attempts = 1 where id = ${other}::bigint`;
    await releaseDeadWorkers(owner);
    expect(await owner`select job_id::text from outbox.job_crashes where job_id in (${id}::bigint, ${other}::bigint)`).toEqual([{ job_id: other }]);
    await owner`delete from graphile_worker._private_jobs where id = ${other}::bigint`;
  });
});
