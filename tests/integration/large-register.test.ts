import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/registers/[registerId]/export/route';
import { runInTenant } from '@/db/scope';
import { loadViewer } from '@/server/auth/load-viewer';
import { FILTER_WINDOW, listRegister, listRegisterInput } from '@/server/registry/list-register';
import { indexAllPending } from '@/server/search/index-letters';
import { addPerson, callerFor, createAgency, ownerSql, sessionCookie } from './factories';

// A year of a big agency's receive register: more lines than one query may take parameters
// (65,535), loaded directly as years of registration would have left them.
const LINES = 70_000;
const total = LINES + 1;
let caller: ReturnType<typeof callerFor>['caller'];
let claims: Awaited<ReturnType<typeof addPerson>>['claims'];
let cookie: string;
let registerId: string;
let yearBe: number;

beforeAll(async () => {
  const a = await createAgency();
  const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  claims = officer.claims;
  caller = callerFor(officer.claims).caller;
  cookie = await sessionCookie(officer.claims);
  const { id: first } = await caller.intake.recordPaperLetter({
    documentNumber: 'นร 0105/1', letterDate: '2026-11-20', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดี',
    subject: 'ฉบับแรก', urgency: 'normal', secrecy: 'normal', remarks: '',
  });
  const registered = await caller.registry.register({ letterId: first });
  registerId = registered.registerId;
  yearBe = registered.year + 543;
  await caller.letters.route({ letterId: first, note: '', targets: [{ userId: a.adminId, purpose: 'action' }] });
  const owner = ownerSql();
  try {
    await owner.begin(async (tx) => {
      // One letter in twenty about the budget (a common word); one with a word found nowhere else.
      await tx`insert into letters (tenant_id, id, unit_id, channel, document_number, letter_date, from_text, to_text, subject)
        select ${a.tenantId}, md5(${registerId} || g)::uuid, ${a.rootUnitId}, 'paper', 'นร 0105/' || g, '2026-11-20', 'สำนักงานปลัดสำนักนายกรัฐมนตรี', 'อธิบดี',
               case when g = 54321 then 'ขอเชิญประชุมเรื่องนกเงือกหายาก' when g % 20 = 0 then 'ขอส่งรายงานงบประมาณ ฉบับที่ ' || g else 'หนังสือฉบับที่ ' || g end
        from generate_series(2, ${total}) g`;
      await tx`insert into register_entries (tenant_id, register_id, year, number, letter_id, registered_at, registered_by, registered_by_name)
        select ${a.tenantId}, ${registerId}, ${registered.year}, g, md5(${registerId} || g)::uuid, now() - interval '1 day' + g * interval '1 second', ${officer.id}, 'ทะเบียน'
        from generate_series(2, ${total}) g`;
      await tx`update register_counters set last_number = ${total} where tenant_id = ${a.tenantId} and register_id = ${registerId}`;
    });
    // As the nightly autovacuum would: the planner knows the tables' new size.
    await owner`analyze letters`;
    await owner`analyze register_entries`;
    // The indexer reads what was loaded, as it would have read each letter when it came in.
    await indexAllPending(owner);
    // As months of autovacuum would have left them: rows marked visible and the load on disk,
    // so no request below pays for a fresh bulk load (a request of this file once passed half a minute on a loaded machine).
    for (const table of ['letters', 'register_entries', 'letter_search']) await owner.unsafe(`vacuum (analyze) ${table}`);
    await owner`checkpoint`;
  } finally {
    await owner.end();
  }
}, 300_000);

describe('a receive register of a big agency', () => {
  it('opens at its first page with the year\'s count, and pages on by line number to the end', async () => {
    const first = await caller.registry.entries({ registerId, yearBe });
    expect(first.total).toBe(total);
    expect(first.entries).toHaveLength(100);
    expect(first.entries[0]).toMatchObject({ number: 1, subject: 'ฉบับแรก' });
    expect(first.entries[0]!.actions).toContain('ดำเนินการ');
    expect(first.next).toBe(100);
    const second = await caller.registry.entries({ registerId, yearBe, cursor: first.next });
    expect(second.entries.map((e) => e.number)).toEqual(Array.from({ length: 100 }, (_, i) => 101 + i));
    const last = await caller.registry.entries({ registerId, yearBe, cursor: total - 30, limit: 100 });
    expect(last.entries.map((e) => e.number)).toEqual(Array.from({ length: 30 }, (_, i) => total - 29 + i));
    expect(last.entries.at(-1)!.actions).toBe('ลงรับแล้ว');
    expect(last.next).toBeNull();
    // A day keeps the year's count, and lists only that day's lines.
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const day = await caller.registry.entries({ registerId, yearBe, day: today });
    expect(day.total).toBe(total);
    expect(day.entries.map((e) => e.number)).toContain(1);
    for (const e of day.entries) expect(new Date(e.registeredAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 10)).toBe(today);
  });

  it('finds a rare word in the whole year at once, through the index', async () => {
    const found = await caller.registry.entries({ registerId, yearBe, text: 'นกเงือก' });
    expect(found.entries.map((e) => e.number)).toEqual([54321]);
    expect(found.next).toBeNull();
  });

  it('pages a common word, and looks through a bounded window of lines per request when nothing matches', async () => {
    const common = await caller.registry.entries({ registerId, yearBe, text: 'งบประมาณ' });
    expect(common.entries).toHaveLength(100);
    expect(common.entries.every((e) => e.subject.includes('งบประมาณ'))).toBe(true);
    expect(common.entries[0]!.number).toBe(20);
    const again = await caller.registry.entries({ registerId, yearBe, text: 'งบประมาณ', cursor: common.next });
    expect(again.entries[0]!.number).toBe(common.entries.at(-1)!.number + 20);
    // A word found in no letter is answered at once for the whole year.
    const none = await caller.registry.entries({ registerId, yearBe, text: 'ฮฮ' });
    expect(none.entries).toEqual([]);
    expect(none.next).toBeNull();
    // With a day's lines besides, a common word is looked for a window of lines at a time.
    const windowed = await caller.registry.entries({ registerId, yearBe, text: 'หนังสือ', urgency: 'urgent' });
    expect(windowed.entries).toEqual([]);
    expect(windowed.next).toBe(FILTER_WINDOW);
  }, 120_000);

  it('plans a filtered page for its own words, urgency and days each time it is asked, not once for any', async () => {
    // From a prepared statement's sixth run PostgreSQL may keep one plan for any values: for a window of
    // lines with an urgency none of them has, that plan checked every line's words first (5× slower at 400,000 lines).
    const planning = (input: object) => runInTenant({ tenantId: claims.tenantId, userId: claims.userId, system: false }, async (tx) => {
      await listRegister(tx, await loadViewer(tx, claims, null), listRegisterInput.parse({ registerId, yearBe, ...input }));
      return (await tx.$client<{ mode: string }[]>`select current_setting('plan_cache_mode') as mode`)[0]!.mode;
    });
    for (const filter of [{ text: 'หนังสือ', urgency: 'urgent' }, { urgency: 'most_urgent' }, { text: 'งบประมาณ' }, { day: '2026-11-20' }]) {
      expect(await planning(filter)).toBe('force_custom_plan');
    }
    // An unfiltered page is the same query whatever its place: one plan serves.
    expect(await planning({})).toBe('auto');
  }, 120_000);

  it('exports the whole year as a workbook streamed page by page, and refuses it as one PDF', async () => {
    const request = (format: string) => GET(new Request(`http://127.0.0.1/api/registers/${registerId}/export?format=${format}&yearBe=${yearBe}`, { headers: { cookie } }),
      { params: Promise.resolve({ registerId }) });
    const xlsx = await request('xlsx');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    // The heading, the agency, the column names, then every line in order.
    expect(sheet.rowCount).toBe(3 + total);
    expect(sheet.getRow(4).getCell(6).value).toBe('ฉบับแรก');
    expect(sheet.getRow(3 + total).getCell(1).value).toBe(total);
    const pdf = await request('pdf');
    expect(pdf.status).toBe(400);
    expect(await pdf.json()).toEqual({ messageKey: 'register_pdf_too_long' });
  }, 120_000);
});
