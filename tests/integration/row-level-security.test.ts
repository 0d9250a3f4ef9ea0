import { indexAllPending } from '@/server/search/index-letters';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainChecks, exchangeArrivals, exchangeConnections, exchangeDirectory, exchangeInbound, disposalCommittee, disposalItems, disposalLists, endorsements, intakeRejections, outgoingEmails, retentionRules, smtpServers } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { sealAgencyChain } from '@/server/audit/audit-chain';
import { queueDelivery } from '@/server/delivery/queue-delivery';
import { recordSealed, setUpKey, setUpRecovery } from './classified-support';
import { addPerson, appRoleSql, callerFor, createAgency, grantClearance, headOfAgency, ownerSql, PASSWORD } from './factories';

const owner = ownerSql();
const app = appRoleSql();

afterAll(async () => {
  await owner.end();
  await app.end();
});

async function tenantTables() {
  const rows = await owner<{ table_name: string }[]>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'tenant_id' order by table_name`;
  return [...rows.map((r) => r.table_name), 'tenants'];
}

describe('row-level security', () => {
  beforeAll(async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    await caller.people.setPermissions({ userId: a.adminId, overrides: [{ permission: 'open', allowed: true }] });
    const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const registry = callerFor(officer.claims).caller.registry;
    const intake = callerFor(officer.claims).caller.intake;
    const { id } = await intake.recordPaperLetter({
      documentNumber: 'นร 0105/1', letterDate: '2026-11-01', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดี',
      subject: 'ทดสอบ', urgency: 'normal', secrecy: 'normal', remarks: '',
    });
    const registered = await registry.register({ letterId: id });
    // A register export asked for (its job not run).
    await registry.startExport({ registerId: registered.registerId, yearBe: registered.year + 543, format: 'xlsx' });
    await callerFor(officer.claims).caller.letters.route({ letterId: id, note: '', targets: [{ userId: a.adminId, purpose: 'information' }] });
    // And one that stays waiting, with a file, so every tenant table has a row of this agency.
    const letterId = crypto.randomUUID();
    const file = { objectKey: `tenants/${a.tenantId}/letters/${letterId}/f`, fileName: 'scan.pdf', contentType: 'application/pdf', size: 1, sha256: '0'.repeat(64) };
    const { createCaller } = await import('@/server/routers/_app');
    await createCaller({
      session: officer.claims, requestedUnitId: null, ip: null, setCookie: null, uploads: { letterId, files: [file] },
    }).intake.recordPaperLetter({
      documentNumber: 'นร 0105/2', letterDate: '2026-11-01', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดี',
      subject: 'รอลงรับ', urgency: 'normal', secrecy: 'normal', remarks: '',
    });
    const [stored] = await registry.files({ letterId });
    await intake.correctText({ fileId: stored!.id, text: 'ข้อความของหนังสือ' });
    await registry.recordCheck();
    await intake.correct({
      letterId: id, documentNumber: 'นร 0105/1', letterDate: '2026-11-01', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดี',
      subject: 'ทดสอบ (แก้ไข)', remarks: '', reason: 'แก้คำผิด',
    });
    await caller.mail.saveMailbox({
      unitId: a.rootUnitId, host: 'mail.example.go.th', port: 993, tls: true, username: 'saraban@example.go.th', password: 'p', folder: 'INBOX', enabled: false,
    });
    await runInTenant({ tenantId: a.tenantId, userId: null, system: true }, async (tx) => {
      await queueDelivery(tx, a.tenantId, {
        recipientTenantId: crypto.randomUUID(), recipientName: 'ผู้รับ',
        letter: { documentNumber: 'นร 0105/1', letterDate: '2026-11-01', fromText: 'ก', toText: 'ข', subject: 'ทดสอบ', urgency: 'normal', secrecy: 'normal', files: [] },
      });
      await tx.insert(intakeRejections).values({
        tenantId: a.tenantId, id: crypto.randomUUID(), unitId: a.rootUnitId, channel: 'email', fromText: 'x@example.go.th', subject: 'ทดสอบ', reason: 'too_many_files',
      });
      await tx.insert(endorsements).values({
        tenantId: a.tenantId, id: crypto.randomUUID(), letterId: id, text: 'ทราบ', authorId: a.adminId, authorName: 'ผู้ดูแล', authorPosition: 'ผู้อำนวยการ',
      });
      await tx.insert(outgoingEmails).values({
        tenantId: a.tenantId, id: crypto.randomUUID(), kind: 'receipt_acknowledgement', toAddress: 'x@example.go.th', subject: 'ทดสอบ', html: '', text: '',
        transport: 'local', idempotencyKey: 'rls-fixture',
      });
      await tx.insert(smtpServers).values({ tenantId: a.tenantId, host: 'smtp.example.go.th', port: 587, fromAddress: 'saraban@example.go.th', enabled: false });
      await tx.insert(auditChainChecks).values({ tenantId: a.tenantId, entries: 0 });
      // The government exchange: a connection, a directory entry, and a letter that came through it.
      await tx.insert(exchangeConnections).values({ tenantId: a.tenantId, nodeUrl: 'https://ecms.example.go.th/ws', username: 'u', passwordSealed: 'v1:x', ministryId: 'M01', departmentId: 'D01' });
      await tx.insert(exchangeDirectory).values({ tenantId: a.tenantId, orgId: 'D02', ministryId: 'M02', name: 'กรมอื่น' });
      await tx.insert(exchangeInbound).values({ tenantId: a.tenantId, letterId: id, messageId: 'uuid:rls', letterNumber: 'นร 0105/1', senderMinistryId: 'M02', senderDepartmentId: 'D02' });
      await tx.insert(exchangeArrivals).values({ tenantId: a.tenantId, id: crypto.randomUUID(), processId: 'p-rls', message: '<x/>' });
      // Keeping: a retention rule, a disposal list with its committee and a line.
      await tx.insert(retentionRules).values({ tenantId: a.tenantId, id: crypto.randomUUID(), position: 0, retentionClass: 'financial', keywords: ['งบประมาณ'] });
      const listId = crypto.randomUUID();
      await tx.insert(disposalLists).values({ tenantId: a.tenantId, id: listId, year: 2015, itemCount: 1, preparedByName: 'ระบบ' });
      await tx.insert(disposalCommittee).values({ tenantId: a.tenantId, listId, userId: a.adminId, role: 'chair', name: 'ผู้ดูแล', position: '' });
      await tx.insert(disposalItems).values({
        tenantId: a.tenantId, listId, line: 1, letterId: id, direction: 'incoming', documentNumber: 'นร 0105/1', letterDate: '2026-11-01', subject: 'ทดสอบ',
        registerLine: '1/2569', retentionClass: 'standard', keepUntil: '2036-12-31',
      });
    });
    // An object of a destroyed letter still to be removed (only the system's work writes these).
    await owner`insert into object_removals (tenant_id, object_key) values (${a.tenantId}, ${`tenants/${a.tenantId}/letters/removed/f`})`;
    // An archive import with a refused line, and a transfer to the National Archives.
    const importId = crypto.randomUUID();
    await owner`insert into archive_imports (tenant_id, id, created_by, created_by_name, unit_id, sheet_name, sheet_key, sheet_format, columns)
      values (${a.tenantId}, ${importId}, ${a.adminId}, 'ผู้ดูแล', ${a.rootUnitId}, 'ทะเบียน.csv', 'k', 'csv', '["เลขทะเบียนรับ"]'::jsonb)`;
    await owner`insert into archive_import_problems (tenant_id, import_id, row_number, reason) values (${a.tenantId}, ${importId}, 2, 'import_field_missing')`;
    await owner`insert into archive_transfers (tenant_id, id, cutoff, requested_by, requested_by_name) values (${a.tenantId}, ${crypto.randomUUID()}, '2006-01-01', ${a.adminId}, 'ผู้ดูแล')`;
    // An outgoing letter drafted, commented, reviewed, signed (certificate, number, signed file) and sent.
    const b = await createAgency();
    const chief = await addPerson(a, 'chief', [{ unitId: a.rootUnitId, role: 'executive' }]);
    const outgoing = callerFor(officer.claims).caller.outgoing;
    const draft = await outgoing.create({ kind: 'external', content: {
      subject: 'ทดสอบการส่ง', body: ['ข้อความ'], recipients: [{ kind: 'agency', tenantId: b.tenantId, name: 'ผู้รับ', copy: false }],
    } });
    await outgoing.comment({ letterId: draft.id, body: 'ตรวจแล้ว' });
    await outgoing.submit({ letterId: draft.id, reviewers: [], signerId: chief.id });
    await callerFor(chief.claims).caller.outgoing.sign({ letterId: draft.id, password: PASSWORD });
    await outgoing.send({ letterId: draft.id });
    // Classified keys: a person's key, the recovery key, their directory entries, a sealed letter with its wrapped keys.
    await grantClearance(a, officer.id, 'secret');
    await setUpRecovery((await headOfAgency(a)).claims);
    await recordSealed(await setUpKey(officer.claims), {
      documentNumber: 'นร 0105/ลับ 1', letterDate: '2026-11-01', fromText: 'ก', toText: 'ข', subject: 'ลับ', secrecy: 'confidential',
    });
    // Its audit entries sealed into its chain.
    await sealAgencyChain(a.tenantId);
    // Its letters indexed for search, and one change still marked for the indexer.
    await indexAllPending(owner);
    await runInTenant({ tenantId: a.tenantId, userId: null, system: true }, async (tx) => {
      await tx.insert(endorsements).values({
        tenantId: a.tenantId, id: crypto.randomUUID(), letterId: id, text: 'ดำเนินการ', authorId: a.adminId, authorName: 'ผู้ดูแล', authorPosition: 'ผู้อำนวยการ',
      });
    });
  }, 60_000);

  it('is enabled and forced, with a policy, on every tenant table; tenant_id leads each primary key', async () => {
    for (const table of await tenantTables()) {
      const [c] = await owner<{ relrowsecurity: boolean; relforcerowsecurity: boolean; policies: number }[]>`
        select relrowsecurity, relforcerowsecurity, (select count(*)::int from pg_policies p where p.tablename = c.relname) as policies
        from pg_class c where relname = ${table} and relnamespace = 'public'::regnamespace`;
      expect({ table, ...c }).toEqual({ table, relrowsecurity: true, relforcerowsecurity: true, policies: expect.any(Number) });
      expect(c!.policies, `${table} has no policy`).toBeGreaterThan(0);
      if (table === 'tenants') continue;
      const [pk] = await owner<{ first: string }[]>`
        select a.attname as first from pg_index i
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
        where i.indrelid = ${table}::regclass and i.indisprimary`;
      expect(pk?.first, `${table} primary key`).toBe('tenant_id');
    }
  });

  it('the app roles own nothing, are not superusers and cannot bypass RLS', async () => {
    const roles = await owner<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }[]>`
      select r.rolname, r.rolsuper, r.rolbypassrls,
        (select count(*)::int from pg_class c where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace) as owned
      from pg_roles r where r.rolname in ('saraban_app', 'saraban_platform') order by r.rolname`;
    expect(roles).toEqual([
      { rolname: 'saraban_app', rolsuper: false, rolbypassrls: false, owned: 0 },
      { rolname: 'saraban_platform', rolsuper: false, rolbypassrls: false, owned: 0 },
    ]);
  });

  it('a raw query as the app role with no tenant set sees no tenant rows', async () => {
    for (const table of await tenantTables()) {
      const [count] = await owner<{ n: number }[]>`select count(*)::int as n from ${owner(table)}`;
      expect(count?.n, `${table} should have rows for this test to mean anything`).toBeGreaterThan(0);
      const rows = await app`select * from ${app(table)}`;
      expect(rows.length, `${table} visible without a tenant`).toBe(0);
    }
  });

  it('a tenant set to an empty or unknown value still sees nothing', async () => {
    const rows = await app.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', '', true)`;
      return tx`select * from users`;
    });
    expect(rows.length).toBe(0);
  });

  it('the app role cannot write a row for another tenant', async () => {
    const a = await createAgency();
    const b = await createAgency();
    await expect(app.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${a.tenantId}, true)`;
      await tx`insert into units (tenant_id, id, parent_id, name_th) values (${b.tenantId}, gen_random_uuid(), ${b.rootUnitId}, 'แทรกข้ามหน่วยงาน')`;
    })).rejects.toThrow(/row-level security/);
  });

  it('the platform role cannot read letters-side tables (no grant on users)', async () => {
    const platform = (await import('postgres')).default(process.env.DATABASE_PLATFORM_URL!, { max: 1, onnotice: () => {} });
    try {
      await expect(platform`select * from users`).rejects.toThrow(/permission denied/);
      await expect(platform`select * from audit_log`).rejects.toThrow(/permission denied/);
    } finally {
      await platform.end();
    }
  });

  it('letter and register-counter rows are permanent: no role may delete one or change its key (register lines rely on it)', async () => {
    const rights = await owner<{ role: string; table: string; remove: boolean; rekey: string[] }[]>`
      select r as role, t as table, has_table_privilege(r, t, 'DELETE') as remove,
             array(select a.attname::text from pg_attribute a
                   where a.attrelid = t::regclass and a.attnum > 0 and not a.attisdropped and has_column_privilege(r, t, a.attname, 'UPDATE')
                     and a.attname in ('tenant_id', 'id', 'register_id', 'year')) as rekey
      from unnest(array['saraban_app', 'saraban_platform']) as r, unnest(array['letters', 'register_counters']) as t order by r, t`;
    expect(rights).toEqual([
      { role: 'saraban_app', table: 'letters', remove: false, rekey: [] },
      { role: 'saraban_app', table: 'register_counters', remove: false, rekey: [] },
      { role: 'saraban_platform', table: 'letters', remove: false, rekey: [] },
      { role: 'saraban_platform', table: 'register_counters', remove: false, rekey: [] },
    ]);
  });

  it('the audit log is append-only, even for its owner', async () => {
    const a = await createAgency();
    await expect(owner`update audit_log set action = 'changed' where tenant_id = ${a.tenantId}`).rejects.toThrow(/append-only/);
    await expect(owner`delete from audit_log where tenant_id = ${a.tenantId}`).rejects.toThrow(/append-only/);
    await expect(app.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${a.tenantId}, true)`;
      await tx`update audit_log set action = 'changed'`;
    })).rejects.toThrow(/permission denied/);
    // Its hash chain beside it is insert-only too, and the app role may only add to it.
    expect((await owner`select sealed from app_seal_audit(${a.tenantId}, 100)`)[0]!.sealed).toBeGreaterThan(0);
    await expect(owner`update audit_chain set hash = 'x' where tenant_id = ${a.tenantId}`).rejects.toThrow(/append-only/);
    await expect(owner`delete from audit_chain where tenant_id = ${a.tenantId}`).rejects.toThrow(/append-only/);
    await expect(app.begin(async (tx) => {
      await tx`select set_config('app.tenant_id', ${a.tenantId}, true)`;
      await tx`delete from audit_chain`;
    })).rejects.toThrow(/permission denied/);
  });
});

describe('tenant transactions', () => {
  it('roll back everything when the work fails, and leave the connection clean for the next request', async () => {
    const { runInTenant } = await import('@/db/scope');
    const { units } = await import('@/db/schema');
    const a = await createAgency();
    const before = (await callerFor(a.adminClaims).caller.units.list()).length;
    await expect(runInTenant({ tenantId: a.tenantId, userId: a.adminId }, async (tx) => {
      await tx.insert(units).values({ tenantId: a.tenantId, id: crypto.randomUUID(), parentId: a.rootUnitId, nameTh: 'ชั่วคราว' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    await expect(runInTenant({ tenantId: 'not-a-uuid', userId: null }, async (tx) => tx.select().from(units))).rejects.toThrow();
    // Every pooled connection is reused after the failures: none is stuck in a transaction or another tenant.
    const counts = await Promise.all(Array.from({ length: 12 }, () => callerFor(a.adminClaims).caller.units.list().then((l) => l.length)));
    expect(counts).toEqual(Array(12).fill(before));
    const b = await createAgency();
    expect((await callerFor(b.adminClaims).caller.units.list()).every((u) => u.id !== a.rootUnitId)).toBe(true);
  });
});

describe('committing with a final statement', () => {
  it('commits nothing when the final statement fails, and reports its error', async () => {
    const { runInTenant } = await import('@/db/scope');
    const { units } = await import('@/db/schema');
    const a = await createAgency();
    const before = (await callerFor(a.adminClaims).caller.units.list()).length;
    await expect(runInTenant({ tenantId: a.tenantId, userId: a.adminId }, async (tx) => {
      await tx.insert(units).values({ tenantId: a.tenantId, id: crypto.randomUUID(), parentId: a.rootUnitId, nameTh: 'ไม่ควรบันทึก' });
      return tx.$commitWith(tx.$client`select 1 / 0`);
    })).rejects.toThrow(/division by zero/);
    expect((await callerFor(a.adminClaims).caller.units.list()).length).toBe(before);
  });
});
