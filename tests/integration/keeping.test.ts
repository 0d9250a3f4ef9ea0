import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareDisposalList } from '@/server/keeping/disposal';
import { indexAllPending } from '@/server/search/index-letters';
import { todayInBangkok } from '@/server/shared/letter-date';
import { bucket, readObject, s3, writeObject } from '@/server/storage/s3';
import { addPerson, callerFor, createAgency, errorKey, headOfAgency, ownerSql, PASSWORD, runJobsUntil, type TestAgency } from './factories';

const owner = ownerSql();
afterAll(async () => { await owner.end(); });

type Caller = ReturnType<typeof callerFor>['caller'];
const thisYear = Number(todayInBangkok().slice(0, 4));
const lastYear = thisYear - 1;

const paper = (subject: string) => ({
  documentNumber: `กค 0402/${randomBytes(2).readUInt16BE()}`, letterDate: '2026-11-20', fromText: 'กรมบัญชีกลาง', toText: 'อธิบดี',
  subject, urgency: 'normal' as const, secrecy: 'normal' as const, remarks: '',
});

async function registryOf(agency: TestAgency) {
  const person = await addPerson(agency, `registry${randomBytes(3).toString('hex')}`, [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }]);
  return callerFor(person.claims).caller;
}

/** A paper letter recorded with a scan whose bytes and read text carry `marker`, registered. */
async function letterWithContent(agency: TestAgency, registry: Caller, registryClaims: unknown, subject: string, marker: string) {
  const letterId = randomUUID();
  const stored = await writeObject(`tenants/${agency.tenantId}/letters/${letterId}/scan.pdf`, Buffer.from(`%PDF-1.4\n% ${marker}\n%%EOF\n`), 'application/pdf');
  const { createCaller } = await import('@/server/routers/_app');
  await createCaller({ session: registryClaims as never, requestedUnitId: null, ip: null, setCookie: null, uploads: { letterId, files: [{ ...stored, fileName: 'scan.pdf', contentType: 'application/pdf' }] } })
    .intake.recordPaperLetter(paper(subject));
  const [file] = await registry.registry.files({ letterId });
  await registry.intake.correctText({ fileId: file!.id, text: `ข้อความในหนังสือ ${marker}` });
  await registry.registry.register({ letterId });
  return { letterId, objectKey: stored.objectKey };
}

/** As if the letters had come in years ago: kept from `day`, due by their class. */
async function keptFrom(letterIds: string[], day: string) {
  await owner`update letter_keeping set kept_from = ${day}::date, keep_until = app_keep_until(${day}::date, retention_class) where letter_id = any(${letterIds}::uuid[])`;
}

/** A committee of three (the head chairs it) appointed by the head. */
async function committeeFor(agency: TestAgency) {
  const head = await headOfAgency(agency);
  const m1 = await addPerson(agency, `member${randomBytes(3).toString('hex')}`, [{ unitId: agency.rootUnitId, role: 'staff' }]);
  const m2 = await addPerson(agency, `member${randomBytes(3).toString('hex')}`, [{ unitId: agency.rootUnitId, role: 'staff' }]);
  return { head: callerFor(head.claims).caller, headId: head.id, members: [callerFor(m1.claims).caller, callerFor(m2.claims).caller], memberIds: [m1.id, m2.id] };
}

/** The whole way of a list: prepared, appointed, all decided "destroy", sent, reviewed, destroyed, the objects removed. */
async function disposeEverythingDue(agency: TestAgency, registry: Caller) {
  const prepared = await prepareDisposalList(agency.tenantId, lastYear, { userId: null, name: 'ระบบ' });
  const listId = prepared!.id;
  const c = await committeeFor(agency);
  await c.head.keeping.appoint({ listId, members: [{ userId: c.headId, role: 'chair' }, { userId: c.memberIds[0]!, role: 'member' }, { userId: c.memberIds[1]!, role: 'member' }] });
  await c.members[0]!.keeping.decide({ listId, lines: 'undecided', decision: 'destroy' });
  await registry.keeping.submit({ listId });
  await registry.keeping.review({ listId, reference: 'วธ 0404/123', reviewDate: todayInBangkok() });
  await registry.keeping.destroy({ listId });
  await runJobsUntil(async () => (await registry.keeping.list({ listId })).list.state === 'done');
  await runJobsUntil(async () => (await owner`select count(*)::int as n from object_removals where tenant_id = ${agency.tenantId}`)[0]!.n === 0);
  return listId;
}

async function objectExists(key: string) {
  return readObject(key).then(() => true, () => false);
}

describe('retention on every letter', () => {
  it('the agency’s rules apply on recording and again on registration; the registry changes a class with a reason (audited), which registration then leaves alone', async () => {
    const a = await createAgency();
    const admin = callerFor(a.adminClaims).caller;
    const registry = await registryOf(a);
    expect(await errorKey(registry.keeping.saveRules({ rules: [] }))).toBe('forbidden');
    await admin.keeping.saveRules({ rules: [
      { retentionClass: 'financial', keywords: ['เบิกจ่าย', 'งบประมาณ'] },
      { retentionClass: 'routine', registerKind: 'receive', keywords: ['ประชาสัมพันธ์'] },
    ] as never });
    const money = await registry.intake.recordPaperLetter(paper('แจ้งแนวทางการเบิกจ่ายเงินงบประมาณ'));
    const news = await registry.intake.recordPaperLetter(paper('ขอประชาสัมพันธ์โครงการ'));
    const plain = await registry.intake.recordPaperLetter(paper('ขอเชิญประชุม'));
    const year = thisYear;
    expect(await registry.keeping.ofLetter({ letterId: money.id })).toMatchObject({ retentionClass: 'financial', keepUntil: `${year + 5}-12-31`, keptBy: 'rule' });
    // The register rule needs the register: standard until registered, routine after.
    expect(await registry.keeping.ofLetter({ letterId: news.id })).toMatchObject({ retentionClass: 'standard', keptBy: 'default', keepUntil: `${year + 10}-12-31` });
    await registry.registry.register({ letterId: news.id });
    expect(await registry.keeping.ofLetter({ letterId: news.id })).toMatchObject({ retentionClass: 'routine', keptBy: 'rule', keepUntil: `${year + 1}-12-31` });

    expect(await errorKey(registry.keeping.setClass({ letterId: plain.id, retentionClass: 'permanent', reason: ' ' }))).toContain('too_small');
    await registry.keeping.setClass({ letterId: plain.id, retentionClass: 'permanent', reason: 'เป็นเรื่องสำคัญทางประวัติศาสตร์ของกรม' });
    await registry.registry.register({ letterId: plain.id });
    expect(await registry.keeping.ofLetter({ letterId: plain.id })).toMatchObject({ retentionClass: 'permanent', keepUntil: null, keptBy: 'person' });
    const [audit] = await owner`select data from audit_log where tenant_id = ${a.tenantId} and action = 'keeping.class_changed' and target_id = ${plain.id}`;
    expect(audit!.data).toMatchObject({ from: 'standard', to: 'permanent', reason: 'เป็นเรื่องสำคัญทางประวัติศาสตร์ของกรม' });
    // Someone outside the registry may not.
    const staff = callerFor((await addPerson(a, 'staffer', [{ unitId: a.rootUnitId, role: 'staff' }])).claims).caller;
    expect(await errorKey(staff.keeping.setClass({ letterId: money.id, retentionClass: 'routine', reason: 'x' }))).toBe('forbidden');
  });

  it('a legal hold stops corrections and cancellation until it is lifted, and is listed', async () => {
    const a = await createAgency();
    const registry = await registryOf(a);
    const letter = await registry.intake.recordPaperLetter(paper('เรื่องที่อยู่ระหว่างการสอบสวน'));
    const line = await registry.registry.register({ letterId: letter.id });
    await registry.keeping.hold({ letterId: letter.id, reason: 'คดีหมายเลขดำ ๑๒๓/๒๕๖๙' });
    expect(await errorKey(registry.keeping.hold({ letterId: letter.id, reason: 'ซ้ำ' }))).toBe('letter_held');
    expect(await errorKey(registry.intake.correct({ letterId: letter.id, ...paper('แก้เรื่อง'), reason: 'พิมพ์ผิด' } as never))).toBe('letter_held');
    expect(await errorKey(registry.registry.cancel({ registerId: line.registerId, year: line.year, number: line.number, reason: 'ลงผิด' }))).toBe('letter_held');
    expect(await errorKey(registry.keeping.setClass({ letterId: letter.id, retentionClass: 'routine', reason: 'x' }))).toBe('letter_held');
    // The database refuses too, whoever asks.
    await expect(owner`update letters set subject = 'ลบเรื่องทิ้ง' where id = ${letter.id}`).rejects.toThrow(/letter_held|correction/);
    expect((await registry.keeping.holds({ before: null })).items.map((h) => [h.letterId, h.heldReason])).toEqual([[letter.id, 'คดีหมายเลขดำ ๑๒๓/๒๕๖๙']]);
    await registry.keeping.release({ letterId: letter.id, reason: 'ศาลพิพากษาถึงที่สุดแล้ว' });
    expect((await registry.keeping.holds({ before: null })).items).toEqual([]);
    expect(await errorKey(registry.registry.cancel({ registerId: line.registerId, year: line.year, number: line.number, reason: 'ลงผิด' }))).toBe('ok');
  });
});

describe('the yearly disposal list', () => {
  it('holds what ended by 31 December and not before; a committee of fewer than three, a decision by someone off it, and destruction before the review are refused', async () => {
    const a = await createAgency();
    const registry = await registryOf(a);
    const due = await registry.intake.recordPaperLetter(paper('เรื่องที่ครบกำหนดเก็บแล้ว'));
    const notYet = await registry.intake.recordPaperLetter(paper('เรื่องที่ยังไม่ครบกำหนด'));
    const held = await registry.intake.recordPaperLetter(paper('เรื่องที่ระงับไว้'));
    const waiting = await registry.intake.recordPaperLetter(paper('เรื่องที่ยังรอลงรับ'));
    for (const l of [due, notYet, held]) await registry.registry.register({ letterId: l.id });
    await keptFrom([due.id, held.id, waiting.id], `${lastYear - 10}-03-01`);
    // Kept one year from this year: due at the end of next year's list.
    await owner`update letter_keeping set retention_class = 'routine', kept_from = ${`${lastYear}-05-01`}::date, keep_until = ${`${thisYear}-12-31`}::date where letter_id = ${notYet.id}`;
    await registry.keeping.hold({ letterId: held.id, reason: 'ใช้เป็นพยานหลักฐานในคดี' });

    expect(await errorKey(registry.keeping.prepare({ year: thisYear }))).toBe('disposal_year_not_ended');
    await registry.keeping.prepare({ year: lastYear });
    const [list] = await runJobsUntil(async () => { const l = await registry.keeping.lists(); return l.length > 0 && l; });
    expect(await errorKey(registry.keeping.prepare({ year: lastYear }))).toBe('disposal_list_exists');
    const items = await registry.keeping.items({ listId: list!.id });
    expect(items.items.map((i) => [i.line, i.letterId, i.subject])).toEqual([[1, due.id, 'เรื่องที่ครบกำหนดเก็บแล้ว']]);
    expect(items.items[0]!.registerLine).toMatch(/^\d+\/\d{4}$/);

    const c = await committeeFor(a);
    const listId = list!.id;
    expect(await errorKey(registry.keeping.appoint({ listId, members: [] }))).toBe('forbidden');
    expect(await errorKey(c.head.keeping.appoint({ listId, members: [{ userId: c.headId, role: 'chair' }, { userId: c.memberIds[0]!, role: 'member' }] }))).toBe('committee_too_small');
    expect(await errorKey(c.head.keeping.appoint({ listId, members: [{ userId: c.headId, role: 'member' }, { userId: c.memberIds[0]!, role: 'member' }, { userId: c.memberIds[1]!, role: 'member' }] }))).toBe('committee_chair');
    expect(await errorKey(registry.keeping.destroy({ listId }))).toBe('disposal_not_reviewed');
    await c.head.keeping.appoint({ listId, members: [{ userId: c.headId, role: 'chair' }, { userId: c.memberIds[0]!, role: 'member' }, { userId: c.memberIds[1]!, role: 'member' }] });
    expect(await errorKey(registry.keeping.decide({ listId, lines: [1], decision: 'destroy' }))).toBe('forbidden');
    expect(await errorKey(c.members[1]!.keeping.decide({ listId, lines: [1], decision: 'keep', keepUntil: `${lastYear}-06-01`, reason: 'ยังใช้อ้างอิง' }))).toBe('keep_until_too_early');
    expect(await errorKey(registry.keeping.destroy({ listId }))).toBe('disposal_not_reviewed');
    await c.members[1]!.keeping.decide({ listId, lines: [1], decision: 'destroy' });
    expect(await errorKey(registry.keeping.destroy({ listId }))).toBe('disposal_not_reviewed');
    await registry.keeping.submit({ listId });
    expect(await errorKey(registry.keeping.destroy({ listId }))).toBe('disposal_not_reviewed');
    // The list as a PDF and a workbook, kept with it.
    const documents = await runJobsUntil(async () => { const l = (await registry.keeping.list({ listId })).list; return l.documents && l.documentOfVersion === l.documentVersion ? l : null; });
    const pdf = await readObject(documents.documents!.pdf.objectKey);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'disposal-'));
    writeFileSync(path.join(dir, 'list.pdf'), pdf);
    // Sound to a standard checker, and it reads back as the regulation's list.
    execFileSync('qpdf', ['--check', path.join(dir, 'list.pdf')], { stdio: 'ignore' });
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'list.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('การพิจารณา');
    expect(text).toContain('ทำลาย');
  });

  it('destruction leaves no byte of the content in the database, the store or the search index; the register line and the list stay; a held letter never leaves', async () => {
    const a = await createAgency();
    const registryPerson = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const registry = callerFor(registryPerson.claims).caller;
    const marker = `MARK${randomBytes(6).toString('hex')}`;
    const doomed = await letterWithContent(a, registry, registryPerson.claims, 'หนังสือที่จะถูกทำลาย', marker);
    const heldMarker = `HELD${randomBytes(6).toString('hex')}`;
    const held = await letterWithContent(a, registry, registryPerson.claims, 'หนังสือที่ถูกระงับ', heldMarker);
    await keptFrom([doomed.letterId, held.letterId], `${lastYear - 10}-02-01`);
    await indexAllPending(owner);
    const found = async (m: string) => (await owner`select count(*)::int as n from letter_search s where s::text like ${`%${m}%`}`)[0]!.n;
    expect(await found(marker)).toBe(1);

    // Held before the list is prepared: never on it.
    await registry.keeping.hold({ letterId: held.letterId, reason: 'ใช้เป็นพยานหลักฐานในคดี' });
    await disposeEverythingDue(a, registry);
    const rows = await owner`select letter_id, destroyed_at from disposal_items where tenant_id = ${a.tenantId} order by line`;
    expect(rows.map((r) => r.letter_id)).toEqual([doomed.letterId]);
    expect(rows[0]!.destroyed_at).not.toBeNull();
    // Scan every table of the database for the marker: none holds it.
    const tables = await owner`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
    for (const { table_name: t } of tables) {
      const [hit] = await owner.unsafe(`select count(*)::int as n from "${t}" x where x::text like $1`, [`%${marker}%`]);
      expect([t, hit!.n]).toEqual([t, 0]);
    }
    expect(await objectExists(doomed.objectKey)).toBe(false);
    // Nor any object of the agency in the store (its stamped copy included).
    const listed = await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: `tenants/${a.tenantId}/` }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys).toContain(held.objectKey);
    expect(keys.filter((k) => k.includes(doomed.letterId))).toEqual([]);
    for (const k of keys) expect((await readObject(k)).includes(marker)).toBe(false);
    await indexAllPending(owner);
    expect(await found(marker)).toBe(0);
    // The register line and the letter's details stay; its page says it was destroyed.
    const [line] = await owner`select r.number, l.subject from register_entries r join letters l on l.tenant_id = r.tenant_id and l.id = r.letter_id where r.letter_id = ${doomed.letterId}`;
    expect(line!.subject).toBe('หนังสือที่จะถูกทำลาย');
    expect(await registry.keeping.ofLetter({ letterId: doomed.letterId })).toMatchObject({ destroyedAt: expect.any(Date) });
    // The held one keeps its content.
    expect(await objectExists(held.objectKey)).toBe(true);
    expect(await found(heldMarker)).toBe(1);
  }, 120_000);

  it('a held letter put on the list is skipped by the destruction, whatever was decided', async () => {
    const a = await createAgency();
    const registryPerson = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const registry = callerFor(registryPerson.claims).caller;
    const marker = `HOLD${randomBytes(6).toString('hex')}`;
    const letter = await letterWithContent(a, registry, registryPerson.claims, 'หนังสือที่ถูกระงับภายหลัง', marker);
    await keptFrom([letter.letterId], `${lastYear - 10}-02-01`);
    const prepared = await prepareDisposalList(a.tenantId, lastYear, { userId: null, name: 'ระบบ' });
    const listId = prepared!.id;
    const c = await committeeFor(a);
    await c.head.keeping.appoint({ listId, members: [{ userId: c.headId, role: 'chair' }, { userId: c.memberIds[0]!, role: 'member' }, { userId: c.memberIds[1]!, role: 'member' }] });
    await c.members[0]!.keeping.decide({ listId, lines: 'undecided', decision: 'destroy' });
    await registry.keeping.submit({ listId });
    await registry.keeping.review({ listId, reference: 'วธ 0404/77', reviewDate: todayInBangkok() });
    await registry.keeping.hold({ letterId: letter.letterId, reason: 'สำนักงานการตรวจเงินแผ่นดินขอตรวจสอบ' });
    await registry.keeping.destroy({ listId });
    await runJobsUntil(async () => (await registry.keeping.list({ listId })).list.state === 'done');
    const [item] = await owner`select destroyed_at, skipped_reason from disposal_items where list_id = ${listId}`;
    expect(item).toMatchObject({ destroyed_at: null, skipped_reason: 'held' });
    expect(await objectExists(letter.objectKey)).toBe(true);
    expect(await registry.keeping.ofLetter({ letterId: letter.letterId })).toMatchObject({ destroyedAt: null, disposalListId: null });
  });

  it('a signed file shared between agencies survives until the last agency’s copy is destroyed', async () => {
    const a = await createAgency('กรมผู้ส่งหนังสือที่ลงนาม');
    const b = await createAgency('กรมผู้รับหนังสือที่ลงนาม');
    const registryA = await registryOf(a);
    const registryB = await registryOf(b);
    const chief = await addPerson(a, `chief${randomBytes(3).toString('hex')}`, [{ unitId: a.rootUnitId, role: 'executive' }]);
    const { id } = await registryA.outgoing.create({ kind: 'external', content: {
      subject: 'ขอความอนุเคราะห์ข้อมูลสถิติ', addressee: 'อธิบดีกรมผู้รับ', body: ['ขอความอนุเคราะห์'], recipients: [{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับ', copy: false }],
    } as never });
    await registryA.outgoing.submit({ letterId: id, reviewers: [], signerId: chief.id });
    await callerFor(chief.claims).caller.outgoing.sign({ letterId: id, password: PASSWORD });
    await registryA.outgoing.send({ letterId: id });
    const [waiting] = await runJobsUntil(async () => { const w = await registryB.registry.waiting(); return w.length > 0 && w; });
    await registryB.registry.register({ letterId: waiting!.id });
    const [signed] = await owner`select object_key from outgoing_files where tenant_id = ${a.tenantId} and letter_id = ${id} and kind = 'signed'`;
    const key = signed!.object_key as string;
    expect(key).toMatch(/^shared\/signed\//);
    expect((await owner`select count(*)::int as n from letter_files where tenant_id = ${b.tenantId} and object_key = ${key}`)[0]!.n).toBe(1);

    await keptFrom([id], `${lastYear - 10}-04-01`);
    await disposeEverythingDue(a, registryA);
    expect(await registryA.keeping.ofLetter({ letterId: id })).toMatchObject({ destroyedAt: expect.any(Date) });
    expect(await objectExists(key)).toBe(true);

    await keptFrom([waiting!.id], `${lastYear - 10}-04-01`);
    await disposeEverythingDue(b, registryB);
    expect(await objectExists(key)).toBe(false);
  }, 180_000);
});

describe('the transfer to the National Archives', () => {
  it('lists permanent letters kept 20 years or more, and writes them out as one ZIP: the list as CSV, their data as JSON Lines, their files', async () => {
    const { default: yauzl } = await import('yauzl');
    const a = await createAgency();
    const registryPerson = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const registry = callerFor(registryPerson.claims).caller;
    const old = await letterWithContent(a, registry, registryPerson.claims, 'ประกาศจัดตั้งกรม (เอกสารประวัติศาสตร์)', 'OLD');
    const young = await letterWithContent(a, registry, registryPerson.claims, 'หนังสือสำคัญที่ยังไม่ครบ ๒๐ ปี', 'YOUNG');
    const ordinary = await letterWithContent(a, registry, registryPerson.claims, 'หนังสือทั่วไปอายุ ๒๕ ปี', 'ORDINARY');
    await owner`update letter_keeping set retention_class = 'permanent', keep_until = null where letter_id = any(${[old.letterId, young.letterId]}::uuid[])`;
    await owner`update letter_keeping set kept_from = ${`${thisYear - 25}-01-15`}::date where letter_id = any(${[old.letterId, ordinary.letterId]}::uuid[])`;
    await owner`update letter_keeping set kept_from = ${`${thisYear - 19}-01-15`}::date where letter_id = ${young.letterId}`;
    const list = await registry.keeping.transfers({ after: null });
    expect(list.items.map((i) => i.letterId)).toEqual([old.letterId]);
    const { id } = await registry.keeping.startTransfer();
    const ready = await runJobsUntil(async () => (await registry.keeping.transfers({ after: null })).transfers.find((t) => t.id === id && t.state === 'ready'));
    expect(ready.letters).toBe(1);
    const bytes = await readObject(ready.objectKey!);
    const entries = await new Promise<Map<string, Buffer>>((resolve, reject) => {
      yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
        if (error || !zip) return reject(error);
        const found = new Map<string, Buffer>();
        zip.on('entry', (entry: import('yauzl').Entry) => zip.openReadStream(entry, (e, s) => {
          if (e || !s) return reject(e);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => { found.set(entry.fileName, Buffer.concat(chunks)); zip.readEntry(); });
        }));
        zip.on('end', () => resolve(found));
        zip.readEntry();
      });
    });
    expect([...entries.keys()]).toEqual(['บัญชีส่งมอบ.csv', 'letters.jsonl', 'files/1/1-scan.pdf']);
    const csv = entries.get('บัญชีส่งมอบ.csv')!.toString('utf8');
    expect(csv).toContain('ประกาศจัดตั้งกรม (เอกสารประวัติศาสตร์)');
    expect(csv).not.toContain('ไม่ครบ');
    expect(JSON.parse(entries.get('letters.jsonl')!.toString('utf8').trim())).toMatchObject({ line: 1, letterId: old.letterId, files: ['files/1/1-scan.pdf'] });
    expect(entries.get('files/1/1-scan.pdf')!.toString('latin1')).toContain('OLD');
  }, 120_000);
});
