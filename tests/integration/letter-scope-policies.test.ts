import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTenant } from '@/db/scope';
import { addPerson, callerFor, createAgency, ownerSql, type TestAgency } from './factories';

// A register line, a routing part and the text read from a file carry their letter's unit and
// secrecy (copied when written); their policies read those copies instead of probing letters.
const owner = ownerSql();
let a: TestAgency;
let letterId: string;
let registerId: string;
const people: Record<'registry' | 'financeClerk' | 'centralClerk', { id: string }> = {} as never;
let registryClaims: Parameters<typeof callerFor>[0];

afterAll(async () => {
  await owner.end();
});

/** How many rows of the letter the person sees in each table, as the app role under their scope. */
async function seen(person: { id: string }) {
  return runInTenant({ tenantId: a.tenantId, userId: person.id }, async (tx) => {
    const [row] = await tx.execute<{ lines: number; parts: number; texts: number }>(sql`select
      (select count(*)::int from register_entries where letter_id = ${letterId}) as lines,
      (select count(*)::int from letter_assignments where letter_id = ${letterId}) as parts,
      (select count(*)::int from letter_texts where letter_id = ${letterId}) as texts`);
    return row;
  });
}

beforeAll(async () => {
  a = await createAgency();
  const registry = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  const financeClerk = await addPerson(a, 'finclerk', [{ unitId: a.units.finance, role: 'unit_clerk' }]);
  const centralClerk = await addPerson(a, 'clerk', [{ unitId: a.units.central, role: 'unit_clerk' }]);
  Object.assign(people, { registry, financeClerk, centralClerk });
  registryClaims = registry.claims;
  const caller = callerFor(registry.claims).caller;
  letterId = crypto.randomUUID();
  const file = { objectKey: `tenants/${a.tenantId}/letters/${letterId}/f`, fileName: 'scan.pdf', contentType: 'application/pdf', size: 1, sha256: '0'.repeat(64) };
  const { createCaller } = await import('@/server/routers/_app');
  await createCaller({ session: registry.claims, requestedUnitId: null, ip: null, setCookie: null, uploads: { letterId, files: [file] } }).intake.recordPaperLetter({
    documentNumber: 'กค 0402/5', letterDate: '2026-11-20', fromText: 'กรมบัญชีกลาง', toText: 'อธิบดี', subject: 'แจ้งแนวทางการเบิกจ่าย', urgency: 'normal', secrecy: 'normal', remarks: '',
  });
  const [stored] = await caller.registry.files({ letterId });
  await caller.intake.correctText({ fileId: stored!.id, text: 'ข้อความของหนังสือ' });
  const registered = await caller.registry.register({ letterId });
  registerId = registered.registerId;
}, 60_000);

describe('policies on copied columns', () => {
  it('show a letter\'s lines, parts and texts to its unit, to those it is given to, and to nobody else', async () => {
    expect(await seen(people.registry)).toEqual({ lines: 1, parts: 0, texts: 1 });
    expect(await seen(people.financeClerk)).toEqual({ lines: 0, parts: 0, texts: 0 });
    await routeToFinance();
    expect(await seen(people.registry)).toEqual({ lines: 1, parts: 1, texts: 1 });
    expect(await seen(people.financeClerk)).toEqual({ lines: 1, parts: 1, texts: 1 });
    expect(await seen(people.centralClerk)).toEqual({ lines: 0, parts: 0, texts: 0 });
  });

  it('copy the letter\'s own unit and secrecy whatever the writer sends, refuse a row for a letter the writer cannot see, and cannot be changed', async () => {
    const [file] = await owner<{ id: string }[]>`select id from letter_files where tenant_id = ${a.tenantId} and letter_id = ${letterId}`;
    const insert = (person: { id: string }) => runInTenant({ tenantId: a.tenantId, userId: person.id }, (tx) => tx.execute(sql`
      insert into letter_texts (tenant_id, id, letter_id, file_id, source, text, unit_id, secrecy)
      values (${a.tenantId}, gen_random_uuid(), ${letterId}, ${file!.id}, 'corrected', 'ปลอม', ${a.units.central}, 'secret')`));
    await insert(people.registry);
    const rows = await owner<{ unit_id: string; secrecy: string }[]>`select unit_id, secrecy from letter_texts where tenant_id = ${a.tenantId} and text = 'ปลอม'`;
    expect(rows).toEqual([{ unit_id: a.rootUnitId, secrecy: 'normal' }]);
    await expect(insert(people.centralClerk)).rejects.toMatchObject({ cause: { code: '42501' } });
    for (const statement of [
      sql`update register_entries set unit_id = ${a.units.central} where letter_id = ${letterId}`,
      sql`update letter_assignments set letter_unit_id = ${a.units.central} where letter_id = ${letterId}`,
      sql`update letter_texts set secrecy = 'normal' where letter_id = ${letterId}`,
    ]) {
      await expect(runInTenant({ tenantId: a.tenantId, userId: people.registry.id }, (tx) => tx.execute(statement))).rejects.toMatchObject({ cause: { code: '42501' } });
    }
  });

  it('answer the unit\'s register without reading letters per line', async () => {
    const plan = await runInTenant({ tenantId: a.tenantId, userId: people.registry.id }, (tx) => tx.execute<{ 'QUERY PLAN': string }>(sql`
      explain select number from register_entries where tenant_id = ${a.tenantId} and register_id = ${registerId} and year = 2026 order by number limit 100`));
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('register_entries');
    expect(text).not.toMatch(/letters/);
  });
});

async function routeToFinance() {
  await callerFor(registryClaims).caller.letters.route({ letterId, targets: [{ unitId: a.units.finance, purpose: 'action' }], note: '' });
}
