import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { publishAuditHeads, readPublishedHead, sealAgencyChain, verifyAgencyChain } from '@/server/audit/audit-chain';
import { addPerson, appRoleSql, callerFor, createAgency, ownerSql, personEnv, runJobsUntil, type TestAgency } from './factories';

const owner = ownerSql();
afterAll(async () => { await owner.end(); });

let a: TestAgency;

/** Carries a result out of a transaction that must not commit. */
class Undone extends Error {
  constructor(readonly value: unknown) {
    super('undone');
  }
}
let length = 0;

beforeAll(async () => {
  a = await createAgency();
  const admin = callerFor(a.adminClaims).caller;
  for (let i = 0; i < 12; i++) await addPerson(a, `p${i}`, [{ unitId: a.rootUnitId, role: 'staff' }]);
  await admin.agency.get();
  await sealAgencyChain(a.tenantId);
  const report = await verifyAgencyChain(owner, a.tenantId);
  length = report.entries;
}, 60_000);

describe('the audit chain', () => {
  it('seals every committed entry in order after the one before; the verifier finds it whole', async () => {
    expect(length).toBeGreaterThan(10);
    const report = await verifyAgencyChain(owner, a.tenantId);
    expect(report.broken).toBeNull();
    expect(report.head?.chainSeq).toBe(length);
    const rows = await owner<Array<{ seq: string }>>`
      select c.seq::text from audit_log a left join audit_chain c on c.tenant_id = a.tenant_id and c.entry_id = a.id where a.tenant_id = ${a.tenantId} order by a.id`;
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length }, (_, i) => i + 1));
    // A new entry is sealed after the head, and a sealed entry cannot be sealed again.
    await addPerson(a, 'later', [{ unitId: a.rootUnitId, role: 'staff' }]);
    expect(await sealAgencyChain(a.tenantId)).toBeGreaterThan(0);
    length = (await verifyAgencyChain(owner, a.tenantId)).entries;
    await expect(owner`update audit_chain set hash = 'x' where tenant_id = ${a.tenantId} and seq = 1`).rejects.toThrow(/append-only/);
    await expect(owner`delete from audit_chain where tenant_id = ${a.tenantId} and seq = ${length}`).rejects.toThrow(/append-only/);
    await expect(owner`select app_seal_audit(${a.tenantId}, 10)`.then(() => owner`select count(*)::int as n from audit_chain where tenant_id = ${a.tenantId}`))
      .resolves.toEqual([{ n: length }]);
  });

  it('takes the time from the server and the actor from the session: a caller naming either is refused', async () => {
    const app = appRoleSql();
    try {
      const person = await addPerson(a, 'writer', [{ unitId: a.rootUnitId, role: 'staff' }]);
      await app.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${a.tenantId}, true), set_config('app.user_id', ${person.id}, true)`;
        await expect(tx.savepoint((sp) => sp`insert into audit_log (tenant_id, occurred_at, actor_kind, actor_id, actor_name, action, target_type)
          values (${a.tenantId}, '2000-01-01', 'user', ${person.id}, 'x', 'test.backdated', 'user')`)).rejects.toThrow(/permission denied/);
        await expect(tx.savepoint((sp) => sp`insert into audit_log (tenant_id, actor_kind, actor_id, actor_name, action, target_type)
          values (${a.tenantId}, 'user', ${a.adminId}, 'x', 'test.forged', 'user')`)).rejects.toThrow(/row-level security/);
        await tx`insert into audit_log (tenant_id, actor_kind, actor_id, actor_name, action, target_type)
          values (${a.tenantId}, 'user', ${person.id}, 'x', 'test.own', 'user')`;
      });
      const [row] = await owner<Array<{ occurred_at: Date }>>`select occurred_at from audit_log where tenant_id = ${a.tenantId} and action = 'test.own'`;
      expect(Date.now() - row!.occurred_at.getTime()).toBeLessThan(60_000);
      await sealAgencyChain(a.tenantId);
      length = (await verifyAgencyChain(owner, a.tenantId)).entries;
      expect((await verifyAgencyChain(owner, a.tenantId)).broken).toBeNull();
    } finally {
      await app.end();
    }
  });

  it('seals an entry that commits after later ones, never skipping it: the low mark waits for its transaction', async () => {
    const e = await createAgency();
    const app = appRoleSql();
    let finish: (() => void) | undefined;
    try {
      const finished = new Promise<void>((resolve) => { finish = resolve; });
      let took!: (id: number) => void;
      const late = new Promise<number>((resolve) => { took = resolve; });
      const slow = app.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${e.tenantId}, true)`;
        const [row] = await tx<Array<{ id: string }>>`insert into audit_log (tenant_id, actor_kind, actor_name, action, target_type)
          values (${e.tenantId}, 'system', 'ระบบ', 'test.late', 'user') returning id::text`;
        took(Number(row!.id));
        await finished;
      });
      const lateId = await late;
      await addPerson(e, 'sooner', [{ unitId: e.rootUnitId, role: 'staff' }]);
      for (let pass = 0; pass < 3; pass++) await sealAgencyChain(e.tenantId);
      const mark = async () => Number((await owner<Array<{ low_id: string }>>`select low_id::text from audit_chain_state where tenant_id = ${e.tenantId}`)[0]!.low_id);
      expect(await mark()).toBeLessThan(lateId);
      const sealedBefore = (await verifyAgencyChain(owner, e.tenantId)).entries;
      finish!();
      await slow;
      expect(await sealAgencyChain(e.tenantId)).toBe(1);
      const [place] = await owner<Array<{ seq: string }>>`select seq::text from audit_chain where tenant_id = ${e.tenantId} and entry_id = ${lateId}`;
      expect(Number(place!.seq)).toBe(sealedBefore + 1);
      // The mark moves once every transaction running at the pass before has ended, other agencies'
      // included (the tests run side by side): a few passes, a moment apart, until it has.
      for (let pass = 0; pass < 100 && (pass < 2 || (await mark()) <= lateId); pass++) {
        await sealAgencyChain(e.tenantId);
        if (pass >= 1) await new Promise((r) => setTimeout(r, 50));
      }
      expect(await mark()).toBeGreaterThan(lateId);
      expect((await verifyAgencyChain(owner, e.tenantId, { unsealedGraceSeconds: 0 })).broken).toBeNull();
    } finally {
      finish?.();
      await app.end();
    }
  });

  it('detects every tamper made directly in the database, at its place (1,000 random ones, each undone after)', async () => {
    const head = (await verifyAgencyChain(owner, a.tenantId)).head!;
    const kinds = ['edit', 'delete', 'unchain', 'rehash', 'reorder', 'insert', 'truncate', 'rollback'] as const;
    const seen = new Map<string, number>();
    let seed = 7;
    const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    for (let run = 0; run < 1000; run++) {
      const kind = kinds[run % kinds.length]!;
      const k = 1 + random(length - 1); // an entry before the head
      const expected = await owner.begin(async (tx): Promise<{ place: number; report: Awaited<ReturnType<typeof verifyAgencyChain>> }> => {
        await tx`set local session_replication_role = replica`;
        const at = (seq: number) => tx`select entry_id from audit_chain where tenant_id = ${a.tenantId} and seq = ${seq}`.then((r) => r[0]!.entry_id as string);
        let place: number;
        if (kind === 'edit') {
          const column = ['action', 'actor_name', 'data', 'target_id', 'occurred_at', 'ip', 'actor_id'][random(7)]!;
          const value = { action: 'x.edited', actor_name: 'ผู้แก้', data: { edited: true }, target_id: 'edited', occurred_at: new Date(0), ip: '10.0.0.1', actor_id: crypto.randomUUID() }[column as 'action'];
          await tx`update audit_log set ${tx({ [column]: column === 'data' ? tx.json(value as never) : value })} where tenant_id = ${a.tenantId} and id = ${await at(k)}`;
          place = k;
        } else if (kind === 'delete') {
          await tx`delete from audit_log where tenant_id = ${a.tenantId} and id = ${await at(k)}`;
          place = k;
        } else if (kind === 'unchain') {
          // The entry stays; its place in the chain is removed.
          await tx`delete from audit_chain where tenant_id = ${a.tenantId} and seq = ${k}`;
          place = k;
        } else if (kind === 'rehash') {
          await tx`update audit_chain set hash = ${'0'.repeat(64)} where tenant_id = ${a.tenantId} and seq = ${k}`;
          place = k;
        } else if (kind === 'reorder') {
          const j = k + 1 + random(length - k);
          const [x, y] = [await at(k), await at(j)];
          await tx`update audit_chain set entry_id = -1 where tenant_id = ${a.tenantId} and seq = ${k}`;
          await tx`update audit_chain set entry_id = ${x} where tenant_id = ${a.tenantId} and seq = ${j}`;
          await tx`update audit_chain set entry_id = ${y} where tenant_id = ${a.tenantId} and seq = ${k}`;
          place = k;
        } else if (kind === 'insert') {
          await tx`update audit_chain set seq = -seq where tenant_id = ${a.tenantId} and seq >= ${k}`;
          await tx`update audit_chain set seq = -seq + 1 where tenant_id = ${a.tenantId} and seq < 0`;
          const [entry] = await tx`insert into audit_log (tenant_id, actor_kind, actor_name, action, target_type)
            values (${a.tenantId}, 'system', 'ผู้ปลอม', 'x.inserted', 'user') returning id`;
          await tx`insert into audit_chain (tenant_id, seq, entry_id, hash) values (${a.tenantId}, ${k}, ${entry!.id}, ${'f'.repeat(64)})`;
          place = k;
        } else if (kind === 'truncate') {
          await tx`delete from audit_log where tenant_id = ${a.tenantId} and id in (select entry_id from audit_chain where tenant_id = ${a.tenantId} and seq > ${k})`;
          await tx`delete from audit_chain where tenant_id = ${a.tenantId} and seq > ${k}`;
          place = head.chainSeq;
        } else {
          // Rolled back to an earlier state, then written on as if nothing had been (hashes recomputed).
          await tx`delete from audit_log where tenant_id = ${a.tenantId} and id in (select entry_id from audit_chain where tenant_id = ${a.tenantId} and seq > ${k})`;
          await tx`delete from audit_chain where tenant_id = ${a.tenantId} and seq > ${k}`;
          await tx`update audit_chain_state set low_id = 0 where tenant_id = ${a.tenantId}`;
          await tx`set local session_replication_role = origin`;
          await tx`insert into audit_log (tenant_id, actor_kind, actor_name, action, target_type) values (${a.tenantId}, 'system', 'ระบบ', 'x.after_rollback', 'user')`;
          await tx`select app_seal_audit(${a.tenantId}, 10)`;
          place = head.chainSeq;
        }
        const report = await verifyAgencyChain(tx as unknown as postgres.Sql, a.tenantId, { publishedHead: head });
        // Nothing is kept: the transaction is rolled back.
        throw new Undone({ place, report });
      }).catch((error: unknown) => {
        if (error instanceof Undone) return error.value as { place: number; report: Awaited<ReturnType<typeof verifyAgencyChain>> };
        throw error;
      });
      expect(expected.report.broken, `${kind} at ${k}`).not.toBeNull();
      expect(expected.report.broken!.chainSeq, `${kind} at ${k}: ${JSON.stringify(expected.report.broken)}`).toBe(expected.place);
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual([...kinds].sort());
    // Every tamper was undone: the chain is whole again.
    expect((await verifyAgencyChain(owner, a.tenantId, { publishedHead: head })).broken).toBeNull();
  }, 300_000);

  it('`npm run saraban -- audit-verify` seals what waits, finds every agency\'s chain whole, and exits 1 naming the first break', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const run = () => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/saraban.ts'), 'audit-verify'], {
      cwd: root, encoding: 'utf8', timeout: 120_000, env: personEnv({
        DATABASE_URL: process.env.TEST_OWNER_URL!, AUTH_SECRET: process.env.NEXTAUTH_SECRET!, S3_ENDPOINT: process.env.S3_ENDPOINT!,
        S3_BUCKET: process.env.S3_BUCKET!, S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!, S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY!,
      }),
    });
    const b = await createAgency();
    const whole = run();
    expect(whole.status, whole.stderr).toBe(0);
    expect(whole.stdout).toContain(`${b.code}: `);
    // One entry of b changed behind the application's back: the command names b and the entry.
    await owner.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_log set actor_name = 'ผู้แก้ไขย้อนหลัง' where tenant_id = ${b.tenantId} and id = (select entry_id from audit_chain where tenant_id = ${b.tenantId} and seq = 1)`;
    });
    const broken = run();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(`${b.code}: BROKEN at entry 1`);
  }, 240_000);

  it('publishes each agency\'s verified head to the object store; a truncated tail no longer matches it', async () => {
    const c = await createAgency();
    for (let i = 0; i < 3; i++) await addPerson(c, `c${i}`, [{ unitId: c.rootUnitId, role: 'staff' }]);
    await publishAuditHeads(owner);
    const published = await readPublishedHead(c.tenantId);
    const report = await verifyAgencyChain(owner, c.tenantId, { publishedHead: published });
    expect([report.broken, published]).toEqual([null, report.head]);
    await owner.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`delete from audit_log where tenant_id = ${c.tenantId} and id = (select entry_id from audit_chain where tenant_id = ${c.tenantId} and seq = ${published!.chainSeq})`;
      await tx`delete from audit_chain where tenant_id = ${c.tenantId} and seq = ${published!.chainSeq}`;
    });
    expect((await verifyAgencyChain(owner, c.tenantId)).broken).toBeNull();
    expect((await verifyAgencyChain(owner, c.tenantId, { publishedHead: await readPublishedHead(c.tenantId) })).broken)
      .toMatchObject({ chainSeq: published!.chainSeq, reason: 'head' });
  }, 120_000);

  it('its admin sees the last verification and asks for one now (in the background); others may not', async () => {
    const d = await createAgency();
    const admin = callerFor(d.adminClaims).caller;
    const staff = await addPerson(d, 'staff', [{ unitId: d.rootUnitId, role: 'staff' }]);
    expect(await admin.audit.chain()).toBeNull();
    await expect(callerFor(staff.claims).caller.audit.checkChain()).rejects.toThrow(/forbidden/);
    await admin.audit.checkChain();
    const whole = await runJobsUntil(async () => admin.audit.chain());
    expect(whole).toMatchObject({ brokenReason: null, brokenSeq: null });
    expect(whole.entries).toBeGreaterThan(1);
    await owner.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_log set data = '{"changed": true}' where tenant_id = ${d.tenantId} and id = (select entry_id from audit_chain where tenant_id = ${d.tenantId} and seq = 2)`;
    });
    await admin.audit.checkChain();
    const broken = await runJobsUntil(async () => (await admin.audit.chain())?.brokenReason ? admin.audit.chain() : null);
    expect(broken).toMatchObject({ brokenSeq: 2, brokenReason: 'hash' });
  }, 120_000);
});
