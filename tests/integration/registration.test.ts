import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInTenant } from '@/db/scope';
import { recordSealed, setUpKey, setUpRecovery } from './classified-support';
import { addPerson, callerFor, createAgency, grantClearance, headOfAgency, ownerSql, runJobsUntil, type TestAgency } from './factories';

const paper = (subject = 'ขอเชิญประชุมคณะกรรมการ', extra: Record<string, unknown> = {}) => ({
  documentNumber: 'ศธ 04001/ว 123', letterDate: '2026-11-20', fromText: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
  toText: 'อธิบดีกรมทดสอบ', subject, urgency: 'normal' as const, secrecy: 'normal' as const, remarks: '', ...extra,
});

async function failure(promise: Promise<unknown>) {
  try { await promise; } catch (error) { if (error instanceof TRPCError) return error; throw error; }
  throw new Error('expected the call to fail');
}

let a: TestAgency;
let registry: ReturnType<typeof callerFor>['caller'];
let clerk: ReturnType<typeof callerFor>['caller'];
let officerClaims: Awaited<ReturnType<typeof addPerson>>['claims'];

beforeAll(async () => {
  a = await createAgency();
  const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  await grantClearance(a, officer.id, 'secret');
  registry = callerFor(officer.claims).caller;
  officerClaims = officer.claims;
  clerk = callerFor((await addPerson(a, 'clerk', [{ unitId: a.rootUnitId, role: 'unit_clerk' }])).claims).caller;
});

describe('registering incoming letters (ลงรับ)', () => {
  it('a recorded paper letter waits, then gets consecutive receive numbers with the server time', async () => {
    const agency = await createAgency();
    const officer = callerFor((await addPerson(agency, 'registry', [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }])).claims).caller;
    const first = await officer.intake.recordPaperLetter(paper('เรื่องที่หนึ่ง'));
    const second = await officer.intake.recordPaperLetter(paper('เรื่องที่สอง', { urgency: 'most_urgent' }));
    const waiting = await officer.registry.waiting();
    expect(waiting.map((l) => l.subject)).toEqual(['เรื่องที่สอง', 'เรื่องที่หนึ่ง']);
    const before = Date.now();
    const r1 = await officer.registry.register({ letterId: first.id });
    const r2 = await officer.registry.register({ letterId: second.id });
    expect([r1.number, r2.number]).toEqual([1, 2]);
    expect(r1.registeredAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(r2.registeredAt.getTime()).toBeGreaterThanOrEqual(r1.registeredAt.getTime());
    expect(await officer.registry.waiting()).toEqual([]);
    const register = await officer.registry.entries({ registerId: r1.registerId, yearBe: r1.year + 543 });
    expect(register.entries.map((e) => [e.number, e.subject, e.actions])).toEqual([[1, 'เรื่องที่หนึ่ง', 'ลงรับแล้ว'], [2, 'เรื่องที่สอง', 'ลงรับแล้ว']]);
  });

  it('a letter cannot be registered twice', async () => {
    const { id } = await registry.intake.recordPaperLetter(paper());
    await registry.registry.register({ letterId: id });
    const error = await failure(registry.registry.register({ letterId: id }));
    expect([error.code, error.message]).toEqual(['CONFLICT', 'already_registered']);
  });

  it('one letter registered by two officers at once: one number, and the other is told it is already registered', async () => {
    const agency = await createAgency();
    const officers = await Promise.all(['registry-a', 'registry-b'].map(async (username) =>
      callerFor((await addPerson(agency, username, [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }])).claims).caller));
    for (let round = 0; round < 5; round++) {
      const { id } = await officers[0]!.intake.recordPaperLetter(paper(`หนังสือฉบับที่ ${round + 1}`));
      const outcomes = await Promise.allSettled(officers.map((o) => o.registry.register({ letterId: id })));
      const numbers = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.number] : []));
      const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as Error).message] : []));
      expect([numbers, refusals]).toEqual([[round + 1], ['already_registered']]);
    }
  });

  it('concurrent registrations into one register get every number once, with no gap', async () => {
    const agency = await createAgency();
    const person = await addPerson(agency, 'registry', [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }]);
    const officer = callerFor(person.claims).caller;
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => officer.intake.recordPaperLetter(paper(`หนังสือฉบับที่ ${i + 1}`))));
    const results = await Promise.all(ids.map(({ id }) => callerFor(person.claims).caller.registry.register({ letterId: id })));
    expect(results.map((r) => r.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('the audit entry of a registration carries its number', async () => {
    const agency = await createAgency();
    const person = await addPerson(agency, 'registry', [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }]);
    const officer = callerFor(person.claims).caller;
    const { id } = await officer.intake.recordPaperLetter(paper());
    const r = await officer.registry.register({ letterId: id });
    const audit = await callerFor(agency.adminClaims).caller.audit.list({ limit: 5 });
    expect(audit.filter((e) => e.action === 'letter.registered').map((e) => [e.targetId, e.data]))
      .toEqual([[id, { registerId: r.registerId, year: r.year, number: 1 }]]);
  });

  it('a registration that fails before its final statement gives nothing back to keep (no gap)', async () => {
    const agency = await createAgency();
    const person = await addPerson(agency, 'registry', [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }]);
    const officer = callerFor(person.claims).caller;
    const first = await officer.registry.register({ letterId: (await officer.intake.recordPaperLetter(paper())).id });
    expect(first.number).toBe(1);
    const { id } = await officer.intake.recordPaperLetter(paper());
    await expect(runInTenant({ tenantId: agency.tenantId, userId: person.id }, async (tx) => {
      // The counter row exists and is taken (locked, raised) as a registration would take it.
      const taken = await tx.$client<{ last_number: number }[]>`update register_counters set last_number = last_number + 1
        where tenant_id = ${agency.tenantId} and register_id = ${first.registerId} and year = ${first.year} returning last_number`;
      expect(taken.map((r) => r.last_number)).toEqual([2]);
      throw new Error('the process died before commit');
    })).rejects.toThrow('died');
    expect((await officer.registry.register({ letterId: id })).number).toBe(2);
  });

  it('each calendar year has its own sequence, and the year is decided in Asia/Bangkok', async () => {
    const agency = await createAgency();
    const person = await addPerson(agency, 'registry', [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }]);
    const officer = callerFor(person.claims).caller;
    const r1 = await officer.registry.register({ letterId: (await officer.intake.recordPaperLetter(paper())).id });
    // The registration's year is its own time's year in Asia/Bangkok (1 January 00:00 there is still 31 December in UTC).
    const bangkokYear = (at: Date) => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Bangkok', year: 'numeric' }).format(at));
    expect(r1.year).toBe(bangkokYear(new Date(r1.registeredAt)));
    const sql = ownerSql();
    try {
      // Last year's register ended at 731; this year's numbers are not affected by it.
      await sql`insert into register_counters values (${agency.tenantId}, ${r1.registerId}, ${r1.year - 1}, 731)`;
      const counters = await sql<{ year: number; last_number: number }[]>`select year, last_number from register_counters
        where tenant_id = ${agency.tenantId} and register_id = ${r1.registerId} order by year`;
      expect(counters.map((c) => [c.year, c.last_number])).toEqual([[r1.year - 1, 731], [r1.year, 1]]);
      const r2 = await officer.registry.register({ letterId: (await officer.intake.recordPaperLetter(paper())).id });
      expect([r2.year, r2.number]).toEqual([r1.year, 2]);
    } finally {
      await sql.end();
    }
  });

  it('a mistaken registration is cancelled with a reason, stays listed, and its number is never reused', async () => {
    const agency = await createAgency();
    const person = await addPerson(agency, 'registry', [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }]);
    const officer = callerFor(person.claims).caller;
    const l1 = await officer.intake.recordPaperLetter(paper('ลงผิด'));
    const r1 = await officer.registry.register({ letterId: l1.id });
    await officer.registry.cancel({ registerId: r1.registerId, year: r1.year, number: r1.number, reason: 'ลงรับผิดทะเบียน' });
    expect((await failure(officer.registry.cancel({ registerId: r1.registerId, year: r1.year, number: r1.number, reason: 'ซ้ำ' }))).message)
      .toBe('already_cancelled');
    const again = await officer.registry.register({ letterId: l1.id });
    expect(again.number).toBe(2);
    const { entries } = await officer.registry.entries({ registerId: r1.registerId, yearBe: r1.year + 543 });
    expect(entries.map((e) => [e.number, e.actions, e.cancelReason])).toEqual([[1, 'ยกเลิกการลงรับ', 'ลงรับผิดทะเบียน'], [2, 'ลงรับแล้ว', null]]);
  });
});

describe('the register listing', () => {
  it('filters by words in the subject, sender, addressee or number, as the search page does (a box of marks alone is refused with its message)', async () => {
    const agency = await createAgency();
    const person = await addPerson(agency, 'registry', [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }]);
    const officer = callerFor(person.claims).caller;
    const register = async (subject: string, fromText: string) =>
      officer.registry.register({ letterId: (await officer.intake.recordPaperLetter(paper(subject, { fromText }))).id });
    const r = await register('ขอเชิญประชุมคณะกรรมการ', 'กรมบัญชีกลาง');
    await register('ส่งรายงานผลการดำเนินงาน 100%', 'สำนักงบประมาณ');
    await register('ขอความอนุเคราะห์ข้อมูล', 'กรมบัญชีกลาง');
    const list = async (text?: string) => {
      await runJobsUntil(async () => true);
      return (await officer.registry.entries({ registerId: r.registerId, yearBe: r.year + 543, text })).entries.map((e) => e.number);
    };
    expect(await list()).toEqual([1, 2, 3]);
    expect(await list('บัญชีกลาง')).toEqual([1, 3]);
    expect(await list('ประชุม')).toEqual([1]);
    expect(await list('100%')).toEqual([2]);
    expect(await list('ผลการดำเนินงาน')).toEqual([2]);
    await expect(list('%')).rejects.toThrow('search_no_words');
    await expect(list('_')).rejects.toThrow('search_no_words');
  });
});

describe('classified letters', () => {
  it('go to the classified register and stay invisible to people without appointment and clearance', async () => {
    await setUpRecovery((await headOfAgency(a)).claims);
    const { letterId: id } = await recordSealed(await setUpKey(officerClaims), { ...paper('เรื่องลับมาก'), secrecy: 'secret' });
    expect((await clerk.registry.waiting()).some((l) => l.id === id)).toBe(false);
    expect((await failure(clerk.registry.register({ letterId: id }))).message).toBe('not_found');
    const r = await registry.registry.register({ letterId: id });
    expect(r.registerName).toBe('ทะเบียนหนังสือรับ (ข้อมูลข่าวสารลับ)');
    expect((await clerk.registry.entries({ registerId: r.registerId, yearBe: r.year + 543 })).entries).toEqual([]);
    // The register line is there for those appointed; its subject only sealed (opened in their browser).
    const line = (await registry.registry.entries({ registerId: r.registerId, yearBe: r.year + 543 })).entries.find((e) => e.letterId === id)!;
    expect(line.subject).toBe('');
  });

  it('ลับที่สุด is refused, and recording a classified letter needs the clearance', async () => {
    expect((await failure(registry.intake.recordPaperLetter(paper('x', { secrecy: 'top_secret' })))).message).toBe('top_secret_refused');
    expect((await failure(clerk.intake.recordPaperLetter(paper('x', { secrecy: 'confidential' })))).message).toBe('clearance_required');
  });
});

describe('bad input', () => {
  it('a Buddhist-era year sent as a Christian-era date, a future date, or a missing subject are refused and nothing is written', async () => {
    const before = (await registry.registry.waiting()).length;
    const be = await failure(registry.intake.recordPaperLetter(paper('x', { letterDate: '2569-11-20' })));
    expect(be.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(be.cause)).toContain('date_looks_buddhist');
    expect((await failure(registry.intake.recordPaperLetter(paper('x', { letterDate: '2099-01-01' })))).message).toBe('date_in_future');
    expect((await failure(registry.intake.recordPaperLetter(paper('')))).code).toBe('BAD_REQUEST');
    expect((await registry.registry.waiting()).length).toBe(before);
  });

  it('only the unit whose waiting list holds a letter registers it, and staff cannot register at all', async () => {
    const { id } = await registry.intake.recordPaperLetter(paper());
    // A clerk of another unit does not even see it (need to know); one who belongs to both
    // units sees it, but acting for the other unit may not register it there.
    const other = await addPerson(a, 'othercl', [{ unitId: a.units.finance, role: 'unit_clerk' }]);
    expect((await failure(callerFor(other.claims).caller.registry.register({ letterId: id }))).message).toBe('not_found');
    const both = await addPerson(a, 'bothcl', [{ unitId: a.units.finance, role: 'unit_clerk' }, { unitId: a.rootUnitId, role: 'staff' }]);
    expect((await failure(callerFor(both.claims, a.units.finance).caller.registry.register({ letterId: id }))).message).toBe('not_in_your_unit');
    const staff = await addPerson(a, 'staff2', [{ unitId: a.rootUnitId, role: 'staff' }]);
    expect((await failure(callerFor(staff.claims).caller.registry.register({ letterId: id }))).code).toBe('FORBIDDEN');
  });
});
