import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexAllPending, markForReindex } from '@/server/search/index-letters';
import { recordSealed, setUpKey, setUpRecovery, type Officer } from './classified-support';
import { addPerson, callerFor, createAgency, errorKey, grantClearance, headOfAgency, ownerSql, type TestAgency } from './factories';

type Caller = ReturnType<typeof callerFor>['caller'];
type Found = Awaited<ReturnType<Caller['search']['letters']>>;

let a: TestAgency;
let other: TestAgency;
let registry: Caller;
let financeStaff: Caller;
let centralClerk: Caller;
let outsider: Caller;
let chief: Caller;
let cleared: Officer;
let ids: { financeStaff: string; centralClerk: string };
const letterIds = {} as Record<'meeting' | 'budget' | 'scan' | 'draft' | 'foreign' | 'classified', string>;

const owner = ownerSql();

async function indexed() {
  await indexAllPending(owner);
}

async function search(caller: Caller, input: Parameters<Caller['search']['letters']>[0]): Promise<Found> {
  return caller.search.letters(input);
}

const idsOf = (found: Found) => found.results.map((r) => r.id);

async function paper(caller: Caller, letter: { documentNumber: string; letterDate: string; fromText: string; subject: string; toText?: string }) {
  const { id } = await caller.intake.recordPaperLetter({ toText: 'อธิบดี', ...letter });
  return id;
}

/** The text OCR read from a scan, as the OCR job writes it (a file of the letter and its text). */
async function ocrText(tenantId: string, letterId: string, text: string) {
  const fileId = randomUUID();
  await owner`insert into letter_files (tenant_id, id, letter_id, kind, object_key, file_name, content_type, size, sha256)
    values (${tenantId}, ${fileId}, ${letterId}, 'original', ${`test/${fileId}`}, 'สแกนหนังสือ.pdf', 'application/pdf', 1, 'x')`;
  await owner`insert into letter_texts (tenant_id, id, letter_id, file_id, source, text) values (${tenantId}, ${randomUUID()}, ${letterId}, ${fileId}, 'ocr', ${text})`;
}

beforeAll(async () => {
  a = await createAgency();
  other = await createAgency('กรมอื่น');
  const reg = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  const fin = await addPerson(a, 'finstaff', [{ unitId: a.units.finance, role: 'staff' }]);
  const clerk = await addPerson(a, 'clerk', [{ unitId: a.units.central, role: 'unit_clerk' }]);
  const foreign = await addPerson(other, 'registry', [{ unitId: other.rootUnitId, role: 'central_registry_officer' }]);
  registry = callerFor(reg.claims).caller;
  financeStaff = callerFor(fin.claims).caller;
  centralClerk = callerFor(clerk.claims).caller;
  outsider = callerFor(foreign.claims).caller;
  ids = { financeStaff: fin.id, centralClerk: clerk.id };

  letterIds.meeting = await paper(registry, {
    documentNumber: 'นร 0105/123', letterDate: '2026-11-20', fromText: 'สำนักเลขาธิการคณะรัฐมนตรี', subject: 'ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์',
  });
  letterIds.budget = await paper(registry, {
    documentNumber: 'กค ๐๔๐๒/ว ๑๕', letterDate: '2025-03-02', fromText: 'กรมบัญชีกลาง', subject: 'แนวทางการเบิกจ่ายงบประมาณรายจ่ายประจำปี',
  });
  letterIds.scan = await paper(registry, {
    documentNumber: 'มท 0808.2/ว 77', letterDate: '2026-10-05', fromText: 'กรมส่งเสริมการปกครองท้องถิ่น', subject: 'ขอความร่วมมือสำรวจข้อมูล',
  });
  await ocrText(a.tenantId, letterIds.scan, 'ตามที่ได้มีการสำรวจข้อมูลบุคลากรท้องถิ่น ขอให้จัดส่งแบบรายงานภายในวันที่ ๓๐ พฤศจิกายน ๒๕๖๙ เพื่อประกอบการพิจารณาจัดสรรอัตรากำลัง');
  for (const id of [letterIds.meeting, letterIds.budget, letterIds.scan]) await registry.registry.register({ letterId: id });
  // Routed to a person of the finance unit, with an endorsement.
  await registry.letters.route({ letterId: letterIds.budget, targets: [{ userId: ids.financeStaff, purpose: 'action' }], note: 'โปรดพิจารณาเร่งด่วน' });
  const head = await headOfAgency(a);
  chief = callerFor(head.claims).caller;
  await chief.letters.endorse({ letterId: letterIds.budget, text: 'มอบกองคลังดำเนินการตามระเบียบพัสดุ' });

  // A draft with a born-digital body, its author the central clerk.
  const draft = await centralClerk.outgoing.create({
    kind: 'external',
    content: { subject: 'ขอส่งรายงานผลการดำเนินงาน', addressee: 'ปลัดกระทรวง', body: ['ด้วยกองกลางได้ดำเนินโครงการปลูกป่าชายเลนเฉลิมพระเกียรติเสร็จสิ้นแล้ว'],
      signer: { name: 'นายหัวหน้า', position: 'อธิบดี' }, recipients: [{ kind: 'email', address: 'saraban@agency.example.go.th', name: 'กรมป่าไม้', copy: false }] } as never,
  });
  letterIds.draft = draft.id;

  // Another agency's letter with the same words.
  letterIds.foreign = await paper(outsider, {
    documentNumber: 'นร 0105/123', letterDate: '2026-11-20', fromText: 'สำนักเลขาธิการคณะรัฐมนตรี', subject: 'ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์',
  });

  // A classified letter, recorded sealed by an appointed officer.
  await setUpRecovery(head.claims);
  const officer = await addPerson(a, 'secretary', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  await grantClearance(a, officer.id, 'secret');
  cleared = await setUpKey(officer.claims);
  const sealed = await recordSealed(cleared, {
    documentNumber: 'กห 0201/ลับ 17', letterDate: '2026-11-21', fromText: 'กระทรวงกลาโหม', toText: 'อธิบดี', subject: 'แผนป้องกันประเทศชายแดนภาคใต้', secrecy: 'secret',
  });
  expect(sealed.status).toBe(200);
  letterIds.classified = sealed.letterId;
  await indexed();
});

describe('search (ค้นหา)', () => {
  it('finds a Thai word from the middle of a subject, and ranks an exact document number first', async () => {
    for (const word of ['คณะกรรมการ', 'สารบรรณ', 'พัฒนาระบบ', 'ประชุม']) {
      expect(idsOf(await search(registry, { q: word })), word).toContain(letterIds.meeting);
    }
    const found = await search(registry, { q: 'สารบรรณ' });
    expect(found.total).toBe(1);
    expect(found.exact).toBe(true);
    expect(found.results[0]!.subject.some((p) => p.hit && p.text === 'สารบรรณ')).toBe(true);
    const byNumber = await search(registry, { q: 'นร 0105/123' });
    expect(byNumber.results[0]).toMatchObject({ id: letterIds.meeting, tier: 0 });
  });

  it('finds words inside OCR text, an endorsement, a note and a born-digital body, with the words marked in a snippet', async () => {
    const ocr = await search(registry, { q: 'อัตรากำลัง' });
    expect(idsOf(ocr)).toEqual([letterIds.scan]);
    expect(ocr.results[0]!.snippet!.filter((p) => p.hit).map((p) => p.text)).toContain('อัตรากำลัง');
    expect(idsOf(await search(registry, { q: 'ระเบียบพัสดุ' }))).toEqual([letterIds.budget]);
    expect(idsOf(await search(registry, { q: 'เร่งด่วน' }))).toContain(letterIds.budget);
    expect(idsOf(await search(registry, { q: 'สแกนหนังสือ' }))).toEqual([letterIds.scan]);
    const body = await search(centralClerk, { q: 'ป่าชายเลน' });
    expect(idsOf(body)).toEqual([letterIds.draft]);
    expect(body.results[0]).toMatchObject({ direction: 'out', status: 'draft', tier: 2 });
  });

  it('ranks a match in the subject above a newer match in the text alone, and a question split between them with the text', async () => {
    // 'ข้อมูล' is in the subject of the scan (2026-10-05) and in no other letter's; 'รายงาน' is in the
    // scan's OCR text and in the subject of the clerk's draft, which the registry cannot open.
    const inSubject = await search(registry, { q: 'ข้อมูล' });
    expect(inSubject.results.map((r) => [r.id, r.tier])).toEqual([[letterIds.scan, 1]]);
    // Found in the subject of the meeting (2026-11-20) and in the OCR text of the older scan: subject first.
    await ocrText(a.tenantId, letterIds.budget, 'อ้างถึงหนังสือเชิญประชุมเรื่องงบประมาณ');
    await indexed();
    const ranked = await search(registry, { q: 'ประชุม' });
    expect(ranked.results.map((r) => [r.id, r.tier])).toEqual([[letterIds.meeting, 1], [letterIds.budget, 2]]);
    // Newest first instead: the budget letter (2025-03-02) is the older of the two.
    expect(idsOf(await search(registry, { q: 'ประชุม', sort: 'newest' }))).toEqual([letterIds.meeting, letterIds.budget]);
    expect(idsOf(await search(registry, { q: 'ประชุม', sort: 'oldest' }))).toEqual([letterIds.budget, letterIds.meeting]);
    // One word in the subject, the other in the scan's text: the letter is found, in the text's tier.
    const split = await search(registry, { q: 'ข้อมูล อัตรากำลัง' });
    expect(split.results.map((r) => [r.id, r.tier])).toEqual([[letterIds.scan, 2]]);
  });

  it('matches Thai and Arabic digits, typing variants and every usual spelling of a document number', async () => {
    for (const q of ['นร 0105/123', 'นร0105/123', 'นร ๐๑๐๕/๑๒๓', 'นร.0105/123', '0105/123']) {
      expect(idsOf(await search(registry, { q })), q).toContain(letterIds.meeting);
    }
    for (const documentNumber of ['กค 0402/ว 15', 'กค0402/ว15', 'กค ๐๔๐๒/ว ๑๕']) {
      expect(idsOf(await search(registry, { documentNumber })), documentNumber).toEqual([letterIds.budget]);
    }
    // ๓๐ in the OCR text found as 30; ำ typed as ํ + า; zero-width characters; Latin case.
    expect(idsOf(await search(registry, { q: '30 พฤศจิกายน' }))).toEqual([letterIds.scan]);
    expect(idsOf(await search(registry, { q: 'อัตรากํ\u0E32ลัง' }))).toEqual([letterIds.scan]);
    expect(idsOf(await search(registry, { q: 'สาร\u200Bบรรณ' }))).toEqual([letterIds.meeting]);
  });

  it('filters by Buddhist-era dates, register number, sender, urgency and status, and sorts by date', async () => {
    const in2569 = await search(registry, { from: '2569', to: '2569', way: 'in' });
    expect(idsOf(in2569)).toEqual(expect.arrayContaining([letterIds.meeting, letterIds.scan]));
    expect(idsOf(in2569)).not.toContain(letterIds.budget);
    expect(idsOf(await search(registry, { from: '1/1/2568', to: '31/12/2568' }))).toEqual([letterIds.budget]);
    expect(idsOf(await search(registry, { from: '๑/๑๑/๒๕๖๙', to: '30/11/2569', way: 'in' }))).toEqual([letterIds.meeting]);
    expect(idsOf(await search(registry, { party: 'บัญชีกลาง' }))).toEqual([letterIds.budget]);
    expect(idsOf(await search(registry, { status: 'routed' }))).toEqual([letterIds.budget]);
    const newest = await search(registry, { way: 'in', sort: 'newest' });
    expect(idsOf(newest)).toEqual([letterIds.meeting, letterIds.scan, letterIds.budget]);
    expect(idsOf(await search(registry, { way: 'in', sort: 'oldest' }))).toEqual([letterIds.budget, letterIds.scan, letterIds.meeting]);
    const line = newest.results.find((r) => r.id === letterIds.scan)!.lines[0]!;
    expect(idsOf(await search(registry, { line }))).toEqual([letterIds.scan]);
    // Paged by the last row shown.
    const first = await search(registry, { way: 'in', sort: 'newest', limit: 2 });
    expect(first.next).not.toBeNull();
    const second = await search(registry, { way: 'in', sort: 'newest', limit: 2, cursor: first.next });
    expect([...idsOf(first), ...idsOf(second)]).toEqual(idsOf(newest));
    expect(second.next).toBeNull();
  });

  it('a person finds a letter routed to them but not the letters of a unit they do not belong to', async () => {
    expect(idsOf(await search(financeStaff, { q: 'งบประมาณ' }))).toEqual([letterIds.budget]);
    expect(idsOf(await search(financeStaff, { q: 'สารบรรณ' }))).toEqual([]);
    expect(idsOf(await search(financeStaff, { routedTo: ids.financeStaff }))).toEqual([letterIds.budget]);
    // Someone else's draft is not theirs to find, whatever the words.
    expect(idsOf(await search(registry, { q: 'ป่าชายเลน' }))).toEqual([]);
    expect(idsOf(await search(financeStaff, { way: 'out' }))).toEqual([]);
  });

  it('never shows another agency its letters', async () => {
    const mine = await search(registry, { q: 'นร 0105/123' });
    expect(idsOf(mine)).not.toContain(letterIds.foreign);
    expect(idsOf(await search(outsider, { q: 'สารบรรณ' }))).toEqual([letterIds.foreign]);
    expect(idsOf(await search(outsider, { q: 'อัตรากำลัง' }))).toEqual([]);
  });

  it('keeps classified letters out of every index: the cleared find them by number and date only, the uncleared never', async () => {
    const [row] = await owner<{ subject: string; content: string; words: string; title: string; party_words: string }[]>`
      select subject, content, words::text, title::text, party_words::text from letter_search where tenant_id = ${a.tenantId} and letter_id = ${letterIds.classified}`;
    expect(row).toBeDefined();
    expect(`${row!.subject}${row!.content}${row!.words}${row!.title}${row!.party_words}`).not.toMatch(/ชายแดน|ป้องกัน|กลาโหม/);
    const officer = callerFor(cleared.claims).caller;
    expect(idsOf(await search(officer, { q: 'ชายแดน' }))).toEqual([]);
    const byNumber = await search(officer, { q: 'กห 0201/ลับ 17' });
    expect(idsOf(byNumber)).toEqual([letterIds.classified]);
    expect(byNumber.results[0]!.subject.map((p) => p.text).join('')).toBe('');
    expect(idsOf(await search(officer, { from: '21/11/2569', to: '21/11/2569' }))).toEqual([letterIds.classified]);
    for (const input of [{ q: 'กห 0201/ลับ 17' }, { documentNumber: 'กห 0201/ลับ 17' }, { secrecy: 'secret' as const }, { from: '21/11/2569', to: '21/11/2569' }]) {
      const found = await search(registry, input);
      expect(idsOf(found)).not.toContain(letterIds.classified);
      expect(JSON.stringify(found)).not.toMatch(/ชายแดน|กห 0201/);
    }
  });

  it('counts exactly up to its cap, and above it gives the planner\'s estimate', async () => {
    const { runInTenant } = await import('@/db/scope');
    const count = (cap: number) => runInTenant({ tenantId: a.tenantId, userId: null, system: true }, (tx) =>
      tx.execute<{ total: string; exact: boolean }>(sql`select total::text, exact from app_search_count(null, '{"direction":"in"}'::jsonb, ${cap})`));
    expect([...await count(100)]).toEqual([{ total: '4', exact: true }]);
    const [estimated] = [...await count(2)];
    expect(estimated!.exact).toBe(false);
    expect(Number(estimated!.total)).toBeGreaterThanOrEqual(3);
  });

  it('answers bad input with results or a specific message, never an error of the database', async () => {
    expect(await errorKey(search(registry, { q: '' }))).toBe('search_needs_criterion');
    expect(await errorKey(search(registry, { q: '   ' }))).toBe('search_needs_criterion');
    expect(await errorKey(search(registry, { q: '& | ! : * ( ) % _ \\' }))).toBe('search_no_words');
    expect(await errorKey(search(registry, { q: '...///---' }))).toBe('search_no_words');
    expect(await errorKey(search(registry, { q: 'ก'.repeat(10_000) }))).toBe('search_query_too_long');
    expect(await errorKey(search(registry, { from: '1/12/2569', to: '1/1/2569' }))).toBe('search_dates_inverted');
    expect(await errorKey(search(registry, { from: '2026' }))).toBe('search_date_christian');
    expect(await errorKey(search(registry, { from: '24/11/2026' }))).toBe('search_date_christian');
    expect(await errorKey(search(registry, { from: '31/02/2569' }))).toBe('search_date_invalid');
    expect(await errorKey(search(registry, { line: "1' or 1=1" }))).toBe('search_line_invalid');
    for (const q of ["'; drop table letters; --", 'สารบรรณ & !ประชุม | (x:*)', "%' OR '1'='1", 'นร\\0105', 'abc:* & def', 'ระบบสารบรรณ Saraban 2569 !!']) {
      const found = await search(registry, { q });
      expect(Array.isArray(found.results), q).toBe(true);
    }
    expect(idsOf(await search(registry, { q: 'สารบรรณ & ประชุม' }))).toEqual([letterIds.meeting]);
    expect(idsOf(await search(registry, { q: 'อิเล็กทรอนิกส์ ELECTRONIC' }))).toEqual([]);
  });

  it('keeps up with changes, and re-indexes what another segmenter indexed', async () => {
    await chief.letters.endorse({ letterId: letterIds.meeting, text: 'มอบกองกลางเตรียมห้องประชุมราชพฤกษ์' });
    expect(idsOf(await search(registry, { q: 'ราชพฤกษ์' }))).toEqual([]);
    await indexed();
    expect(idsOf(await search(registry, { q: 'ราชพฤกษ์' }))).toEqual([letterIds.meeting]);
    await owner`update letter_search set segmenter = 'icu-0/rules-0', words = ''::tsvector where tenant_id = ${a.tenantId} and letter_id = ${letterIds.meeting}`;
    expect(idsOf(await search(registry, { q: 'ราชพฤกษ์' }))).toEqual([]);
    expect(await markForReindex(owner)).toBeGreaterThanOrEqual(1);
    await indexed();
    expect(idsOf(await search(registry, { q: 'ราชพฤกษ์' }))).toEqual([letterIds.meeting]);
  });
});
