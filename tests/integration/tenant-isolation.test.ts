import { randomUUID } from 'node:crypto';
import { TRPCError, type AnyProcedure } from '@trpc/server';
import type { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/routers/_app';
import { indexAllPending } from '@/server/search/index-letters';
import { recordSealed, setUpKey, setUpRecovery } from './classified-support';
import { addPerson, callerFor, createAgency, grantClearance, headOfAgency, ownerSql, PASSWORD, type TestAgency } from './factories';
import { sampleInput } from './sample-input';

/** Procedures that answer with other agencies' public directory entries by design. */
const directoryProcedures = new Set(['agency.directory']);

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

type Outcome = { ok: true; json: string } | { ok: false; code: string; message: string };

async function call(session: Parameters<typeof callerFor>[0], path: string, input: unknown): Promise<Outcome> {
  const { caller } = callerFor(session);
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
  try {
    return { ok: true, json: JSON.stringify(await fn(input)) ?? 'null' };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { ok: false, code: error.code, message: error.message };
  }
}

async function snapshotOf(tenantId: string) {
  const sql = ownerSql();
  try {
    const tables = await sql<{ table_name: string }[]>`
      select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'tenant_id' order by table_name`;
    const out: Record<string, unknown> = {};
    for (const { table_name } of tables) {
      out[table_name] = await sql`select * from ${sql(table_name)} where tenant_id = ${tenantId} order by 1, 2`;
    }
    out.tenants = await sql`select * from tenants where id = ${tenantId}`;
    return JSON.stringify(out);
  } finally {
    await sql.end();
  }
}

describe('tenant isolation across every procedure of the app router', () => {
  let a: TestAgency;
  let b: TestAgency;
  let foreignIds: string[];
  let aSecrets: string[];
  let markerWord: string;
  let aSearcher: ReturnType<typeof callerFor>['caller'];
  let bSession: { kind: 'user'; tenantId: string; userId: string; sv: number; sid: string };

  beforeAll(async () => {
    a = await createAgency('กรมต้นทาง');
    b = await createAgency('กรมปลายทาง');
    const aPerson = await addPerson(a, 'somsri', [{ unitId: a.units.central, role: 'unit_clerk' }]);
    const marker = `กองเฉพาะของกรมต้นทาง ${randomUUID()}`;
    const { caller } = callerFor(a.adminClaims);
    const aUnit = await caller.units.create({ parentId: a.rootUnitId, nameTh: marker, nameEn: '', ownerNumber: '' });
    const aOfficer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const aRegistry = callerFor(aOfficer.claims).caller.registry;
    aSearcher = callerFor(aOfficer.claims).caller;
    markerWord = marker.split(' ')[0]!;
    const aIntake = callerFor(aOfficer.claims).caller.intake;
    const letter = await aIntake.recordPaperLetter({
      documentNumber: 'นร 0105/77', letterDate: '2026-11-02', fromText: 'กรมต้นทาง', toText: 'อธิบดี',
      subject: `${marker} หนังสือ`, urgency: 'urgent', secrecy: 'normal', remarks: '',
    });
    const waitingLetter = await aIntake.recordPaperLetter({
      documentNumber: 'นร 0105/78', letterDate: '2026-11-02', fromText: 'กรมต้นทาง', toText: 'อธิบดี',
      subject: `${marker} รอลงรับ`, urgency: 'normal', secrecy: 'normal', remarks: '',
    });
    const registered = await aRegistry.register({ letterId: letter.id });
    const exported = await aRegistry.startExport({ registerId: registered.registerId, yearBe: registered.year + 543, format: 'pdf' });
    const mailbox = await caller.mail.saveMailbox({
      unitId: a.rootUnitId, host: 'mail.example.go.th', port: 993, tls: true, username: `${marker}@example.go.th`, password: 'mailbox-password',
      folder: 'INBOX', enabled: false,
    });
    // An outgoing letter of A, signed (its number, file and verification code exist).
    const aChief = await addPerson(a, 'chief', [{ unitId: a.rootUnitId, role: 'executive' }]);
    const aOutgoing = callerFor(aOfficer.claims).caller.outgoing;
    const draft = await aOutgoing.create({ kind: 'external', content: {
      subject: `${marker} หนังสือออก`, body: ['ข้อความ'], recipients: [{ kind: 'email', address: 'someone@example.org', name: '', copy: false }],
    } });
    await aOutgoing.submit({ letterId: draft.id, reviewers: [], signerId: aChief.id });
    const signed = await callerFor(aChief.claims).caller.outgoing.sign({ letterId: draft.id, password: PASSWORD });
    const [signedFile] = (await aOutgoing.get({ letterId: draft.id })).files;
    // A classified letter of A, sealed and registered.
    await grantClearance(a, aOfficer.id, 'secret');
    await setUpRecovery((await headOfAgency(a)).claims);
    const sealed = await recordSealed(await setUpKey(aOfficer.claims), {
      documentNumber: 'นร 0105/ลับ 3', letterDate: '2026-11-02', fromText: 'กรมต้นทาง', toText: 'อธิบดี', subject: `${marker} ลับ`, secrecy: 'secret',
    });
    await aRegistry.register({ letterId: sealed.letterId });
    // B's caller holds every permission, so only tenancy can stop it.
    const bAll = await addPerson(b, 'everything', [
      { unitId: b.rootUnitId, role: 'tenant_admin' }, { unitId: b.rootUnitId, role: 'central_registry_officer' },
      { unitId: b.rootUnitId, role: 'executive' },
    ]);
    bSession = bAll.claims;
    foreignIds = [a.tenantId, a.rootUnitId, a.units.central, a.units.finance, aUnit.id, a.adminId, aPerson.id, letter.id, waitingLetter.id, registered.registerId, mailbox.id, draft.id, signedFile!.id, sealed.letterId, exported.id];
    aSecrets = [...foreignIds.filter((id) => id !== a.tenantId), marker, a.code, signed.verifyCode, signed.sha256];
  });

  it('covers every procedure (a new one is picked up automatically)', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(20);
  });

  it('search: another agency finds none of these letters by their words, numbers, dates or kinds, once indexed', async () => {
    const owner = ownerSql();
    await indexAllPending(owner);
    // The probe can fail: the agency's own officer finds its letter by the same word.
    expect((await aSearcher.search.letters({ q: markerWord })).results.length).toBeGreaterThan(0);
    for (const input of [{ q: markerWord }, { q: 'หนังสือ' }, { q: 'นร 0105/ลับ 3' }, { documentNumber: 'นร 0105/ลับ 3' }, { from: '2569', to: '2570' },
      { way: 'in' }, { way: 'out' }, { secrecy: 'secret' }]) {
      const outcome = await call(bSession, 'search.letters', input);
      expect(outcome.ok, JSON.stringify(input)).toBe(true);
      if (!outcome.ok) continue;
      expect((JSON.parse(outcome.json) as { results: unknown[] }).results, JSON.stringify(input)).toEqual([]);
      expect(aSecrets.filter((secret) => outcome.json.includes(secret))).toEqual([]);
    }
  });

  it.each(procedures.map(([path]) => path))('%s: ids of another agency are NOT_FOUND exactly like missing ids, and nothing of it leaks', async (path) => {
    const procedure = Object.fromEntries(procedures)[path]!;
    const schema = (procedure._def as unknown as { inputs?: z.ZodType[] }).inputs?.[0];
    const before = await snapshotOf(a.tenantId);

    const missing = await call(bSession, path, schema ? sampleInput(schema, randomUUID()) : undefined);
    const ids = schema && JSON.stringify(sampleInput(schema, '00000000-0000-4000-8000-00000000000f')).includes('00000000-0000-4000-8000-00000000000f')
      ? foreignIds : [null];
    for (const id of ids) {
      const input = schema ? sampleInput(schema, id ?? randomUUID()) : undefined;
      const outcome = await call(bSession, path, input);
      if (id) {
        // The same answer as for an id that exists nowhere.
        expect(outcome.ok ? 'ok' : `${outcome.code}:${outcome.message}`).toBe(missing.ok ? 'ok' : `${missing.code}:${missing.message}`);
      }
      if (outcome.ok) {
        const publicFacts = directoryProcedures.has(path) ? [a.tenantId, a.code] : [];
        const leaked = [...aSecrets, a.tenantId].filter((s) => !publicFacts.includes(s) && outcome.json.includes(s));
        expect(leaked, `${path} returned data of another agency`).toEqual([]);
      }
    }
    expect(await snapshotOf(a.tenantId), `${path} changed another agency's rows`).toBe(before);
  });
});
