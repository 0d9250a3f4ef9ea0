import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
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
});
