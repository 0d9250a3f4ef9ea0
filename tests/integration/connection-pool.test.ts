import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { platformPool } from '@/db/client';
import { runInTenant } from '@/db/scope';
import { callerFor, createAgency, type TestAgency } from './factories';

// A small pool, so that more callers than connections are easy to have at once.
const POOL = 3;
process.env.DB_POOL_MAX = String(POOL);
process.env.DB_ACQUIRE_TIMEOUT_SECONDS = '1';

let a: TestAgency;
beforeAll(async () => {
  a = await createAgency();
});

async function settle(promises: Array<Promise<unknown>>) {
  return (await Promise.allSettled(promises)).map((r) => (r.status === 'fulfilled' ? 'ok' : r.reason instanceof TRPCError ? r.reason.message : String(r.reason)));
}

describe('the connection pool under more callers than connections', () => {
  it('every procedure that re-checks a password answers wrong passwords without holding two connections', async () => {
    const { caller } = callerFor(a.adminClaims);
    const callers = POOL * 4;
    const started = Date.now();
    const answers = await settle(Array.from({ length: callers }, (_, i) => {
      const attempt = i % 3;
      if (attempt === 0) return caller.me.stepUp({ password: `wrong-${i}-password` });
      if (attempt === 1) return caller.outgoing.sign({ letterId: randomUUID(), password: `wrong-${i}-password` });
      return caller.me.changePassword({ currentPassword: `wrong-${i}-password`, newPassword: 'A-new-Passw0rd-for-test' });
    }));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(new Set(answers)).toEqual(new Set(answers.filter((m) => m === 'wrong_password' || m === 'too_many_attempts' || m === 'server_busy')));
    expect(answers).toContain('wrong_password');
    // The pool is whole afterwards: an ordinary request goes through.
    expect((await caller.units.list()).length).toBeGreaterThan(0);
  });

  it('answers "busy" within seconds when every connection is taken, and recovers when they are back', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const holders = Array.from({ length: POOL }, () => runInTenant({ tenantId: a.tenantId, userId: null }, () => held));
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const answer = await settle([callerFor(a.adminClaims).caller.units.list()]);
    expect(answer).toEqual(['server_busy']);
    expect(Date.now() - started).toBeLessThan(3_000);
    release();
    await Promise.all(holders);
    expect((await callerFor(a.adminClaims).caller.units.list()).length).toBeGreaterThan(0);
  });

  it('refuses at once to open a second connection from work that holds one', async () => {
    const scope = { tenantId: a.tenantId, userId: null };
    await expect(runInTenant(scope, () => runInTenant(scope, async () => 1))).rejects.toThrow(/already holds a database connection/);
    await expect(runInTenant(scope, async () => platformPool())).rejects.toThrow(/already holds a database connection/);
  });

  it('a connection lost while reserved and made again for a waiting query is not the first holder\'s: its statements (a rollback, say) are refused at once, never dropped or run there', async () => {
    const pool = postgres(process.env.TEST_OWNER_URL!, { max: 1, onnotice: () => {} });
    const owner = postgres(process.env.TEST_OWNER_URL!, { max: 1, onnotice: () => {} });
    const soon = <T>(p: Promise<T>, ms = 10_000) => Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);
    try {
      const held = await pool.reserve();
      const [{ pid }] = await held<[{ pid: number }]>`select pg_backend_pid() as pid`;
      // Another caller's query waits for the one connection; the held one is lost (PostgreSQL ended it).
      const waiting = pool<[{ x: number }]>`select 42 as x`;
      await owner`select pg_terminate_backend(${pid})`;
      // The pool makes the connection again for the waiting query.
      expect(await soon(waiting)).toEqual([{ x: 42 }]);
      // The first holder, not knowing, ends its work: refused, not sent on the connection made for another.
      await expect(soon(held`rollback`)).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
      held.release();
      // The pool is whole: a reservation and a query after it are answered.
      const next = await soon(pool.reserve());
      expect(next).not.toBe('pending');
      expect(await soon((next as postgres.ReservedSql)`select 1 as x`)).toEqual([{ x: 1 }]);
      (next as postgres.ReservedSql).release();
      expect(await soon(pool`select 2 as x`)).toEqual([{ x: 2 }]);
    } finally {
      await Promise.all([pool.end({ timeout: 1 }), owner.end({ timeout: 1 })]);
    }
  });
});
