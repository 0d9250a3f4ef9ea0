import { randomBytes } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { POST as upload } from '@/app/api/imports/route';
import { runArchiveImport } from '@/server/keeping/archive-import';
import { guessMapping } from '@/server/keeping/import-rows';
import { bucket, s3 } from '@/server/storage/s3';
import { callerFor, createAgency, errorKey, ownerSql, runJobsUntil, sessionCookie, type TestAgency } from './factories';

const owner = ownerSql();
afterAll(async () => { await owner.end(); });

const HEADER = ['เลขทะเบียนรับ', 'วันที่รับ', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ', 'ไฟล์'];
const csv = (rows: string[][]) => `\uFEFF${[HEADER, ...rows].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')}\r\n`;
const line = (n: number, day: string, file = '') => [String(n), day, `กค 0402/${n}`, day, 'กรมบัญชีกลาง', 'อธิบดี', `ขอส่งรายงานผลการเบิกจ่าย ฉบับที่ ${n}`, 'เสนอ ผอ.', '', file];

let pdf: Buffer;
beforeAll(async () => {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Archived letter', { x: 80, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  pdf = Buffer.from(await doc.save());
});

async function zipOf(files: Array<{ name: string; body: Buffer; compress?: boolean }>) {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(f.body, f.name, { compress: f.compress ?? true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

async function uploadArchive(agency: TestAgency, register: { name: string; body: Buffer | string }, files?: { name: string; body: Buffer }) {
  const form = new FormData();
  form.append('register', new Blob([typeof register.body === 'string' ? register.body : new Uint8Array(register.body)]), register.name);
  if (files) form.append('files', new Blob([new Uint8Array(files.body)]), files.name);
  const response = await upload(new Request('http://127.0.0.1/api/imports', { method: 'POST', body: form, headers: { cookie: await sessionCookie(agency.adminClaims) } }));
  return { status: response.status, body: await response.json() as { id: string; columns: string[]; error?: { messageKey: string } } };
}

async function importedLetters(tenantId: string) {
  return owner<{ id: string; subject: string; channel: string; number: number; year: number; kept_from: string }[]>`
    select l.id, l.subject, l.channel, r.number, r.year, k.kept_from::text
    from letters l join register_entries r on r.tenant_id = l.tenant_id and r.letter_id = l.id join letter_keeping k on k.tenant_id = l.tenant_id and k.letter_id = l.id
    where l.tenant_id = ${tenantId} and l.channel = 'import' order by r.year, r.number`;
}

/** The OCR jobs an import queued for this agency: counted, then withdrawn (reading thousands of scans is the worker's business, not this test's). */
async function withdrawOcr(tenantId: string) {
  const [queued] = await owner<{ n: number }[]>`select (select count(*) from outbox.jobs where tenant_id = ${tenantId} and task = 'letter.ocr')::int
    + (select count(*) from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'letter.ocr' and j.payload->>'tenantId' = ${tenantId})::int as n`;
  await owner`delete from outbox.jobs where tenant_id = ${tenantId} and task = 'letter.ocr'`;
  await owner`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t where t.id = j.task_id and t.identifier = 'letter.ocr' and j.payload->>'tenantId' = ${tenantId}`;
  return queued!.n;
}

describe('importing an existing archive', () => {
  it('takes each line with its number, dates and file; lists every refused line with its reason; a second run adds nothing', async () => {
    const a = await createAgency('กรมที่ย้ายมาจากระบบเดิม');
    const admin = callerFor(a.adminClaims).caller;
    const register = csv([
      line(1, '02/03/2563', 'scans/1.pdf'), line(2, '03/03/2563', 'scans/2.pdf'), line(3, '๐๔/๐๓/๒๕๖๓', 'scans/3.pdf; scans/3-แนบ.pdf'), line(4, '05/03/2563'),
      line(5, '05/03/2020', 'scans/1.pdf'),
      line(6, '06/03/2563'), line(6, '07/03/2563'),
      line(7, '08/03/2563', 'scans/ไม่มี.pdf'),
      line(8, '09/03/2563', 'scans/fake.pdf'),
      ['', '10/03/2563', 'กค 1', '10/03/2563', 'ก', 'ข', 'ไม่มีเลข', '', '', ''],
    ]);
    const zip = await zipOf([
      { name: 'เอกสารเดิม/scans/1.pdf', body: pdf }, { name: 'เอกสารเดิม/scans/2.pdf', body: pdf }, { name: 'เอกสารเดิม/scans/3.pdf', body: pdf },
      { name: 'เอกสารเดิม/scans/3-แนบ.pdf', body: pdf }, { name: 'เอกสารเดิม/scans/fake.pdf', body: randomBytes(2000) },
    ]);
    const sent = await uploadArchive(a, { name: 'ทะเบียนรับ-2563.csv', body: register }, { name: 'เอกสาร.zip', body: zip });
    expect(sent.status).toBe(200);
    expect(sent.body.columns).toEqual(HEADER);
    const mapping = guessMapping(sent.body.columns);
    expect(mapping).toMatchObject({ number: 0, registeredOn: 1, documentNumber: 2, letterDate: 3, fromText: 4, toText: 5, subject: 6, actions: 7, remarks: 8, files: 9 });
    expect(await errorKey(admin.keeping.startImport({ importId: sent.body.id, mapping: { ...mapping, subject: null } as never }))).toBe('import_mapping_incomplete');
    await admin.keeping.startImport({ importId: sent.body.id, mapping: mapping as never });
    const done = await runJobsUntil(async () => { const i = (await admin.keeping.import({ importId: sent.body.id })).import; return (i.state === 'done' || i.state === 'failed') && i; }, 120_000);
    expect(done).toMatchObject({ rowsTotal: 10, rowsImported: 4, rowsRefused: 6, rowsAlready: 0 });
    const problems = (await admin.keeping.import({ importId: sent.body.id })).problems.map((p) => [p.rowNumber, p.reason, p.detail]);
    expect(problems).toEqual([
      [6, 'import_date_christian', 'registeredOn'], [7, 'import_number_duplicate', '6'], [8, 'import_number_duplicate', '6'],
      [9, 'import_file_missing', 'scans/ไม่มี.pdf'], [10, 'file_type_mismatch', 'scans/fake.pdf'], [11, 'import_field_missing', 'number'],
    ]);
    const letters = await importedLetters(a.tenantId);
    expect(letters.map((l) => [l.number, l.year, l.kept_from])).toEqual([[1, 2020, '2020-03-02'], [2, 2020, '2020-03-03'], [3, 2020, '2020-03-04'], [4, 2020, '2020-03-05']]);
    const files = await owner<{ n: number }[]>`select count(*)::int as n from letter_files where tenant_id = ${a.tenantId}`;
    expect(files[0]!.n).toBe(4);
    // The refused line's file left nothing in the store.
    const stored = await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: `tenants/${a.tenantId}/letters/` }));
    expect(stored.Contents?.length).toBe(4);
    // Read by OCR like any scan.
    await runJobsUntil(async () => (await owner<{ n: number }[]>`select count(*)::int as n from letter_texts where tenant_id = ${a.tenantId}`)[0]!.n === 4, 120_000);

    await admin.keeping.startImport({ importId: sent.body.id, mapping: mapping as never });
    const again = await runJobsUntil(async () => { const i = (await admin.keeping.import({ importId: sent.body.id })).import; return (i.state === 'done' || i.state === 'failed') && i; }, 120_000);
    expect(again).toMatchObject({ rowsImported: 0, rowsAlready: 4, rowsRefused: 6 });
    expect((await importedLetters(a.tenantId)).length).toBe(4);
    // The live numbering of 2020 goes on after the imported lines.
    const [counter] = await owner<{ last: number }[]>`select last_number as last from register_counters where tenant_id = ${a.tenantId} and year = 2020`;
    expect(counter!.last).toBe(4);
  }, 240_000);

  it('refuses a whole file for what is wrong with it: a register that is not what its name says, a ZIP path outside its folder, a ZIP bomb; nothing is imported', async () => {
    const a = await createAgency();
    const admin = callerFor(a.adminClaims).caller;
    const register = csv([line(1, '02/03/2563', '1.pdf')]);
    const misnamed = await uploadArchive(a, { name: 'ทะเบียน.csv', body: await zipOf([{ name: 'x', body: Buffer.from('x') }]) });
    expect([misnamed.status, misnamed.body.error?.messageKey]).toEqual([400, 'import_register_format']);

    // yazl will not write "../": the entry's name is changed in place (same length), as a hostile ZIP would have it.
    const evil = await zipOf([{ name: 'ab/1.pdf', body: pdf }]);
    const forged = Buffer.from(evil.toString('latin1').split('ab/1.pdf').join('../1.pdf'), 'latin1');
    const unsafe = await uploadArchive(a, { name: 'ทะเบียน.csv', body: register }, { name: 'files.zip', body: forged });
    expect(unsafe.status).toBe(200);
    const mapping = guessMapping(unsafe.body.columns);
    await admin.keeping.startImport({ importId: unsafe.body.id, mapping: mapping as never });
    const failed = await runJobsUntil(async () => { const i = (await admin.keeping.import({ importId: unsafe.body.id })).import; return i.state === 'failed' && i; });
    expect(failed.errorKey).toBe('import_zip_unsafe_path');

    // 200 MB of zeros in a few hundred kilobytes.
    const bomb = await zipOf([{ name: '1.pdf', body: Buffer.alloc(200 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const bombed = await uploadArchive(a, { name: 'ทะเบียน.csv', body: register }, { name: 'files.zip', body: bomb });
    await admin.keeping.startImport({ importId: bombed.body.id, mapping: mapping as never });
    const refused = await runJobsUntil(async () => { const i = (await admin.keeping.import({ importId: bombed.body.id })).import; return i.state === 'failed' && i; });
    expect(refused.errorKey).toBe('import_zip_bomb');
    expect(await importedLetters(a.tenantId)).toEqual([]);
  }, 120_000);

  it('10,000 lines with their files, then the same import again, give 10,000 letters', async () => {
    const a = await createAgency('กรมที่มีทะเบียนเดิมหนึ่งหมื่นฉบับ');
    const admin = callerFor(a.adminClaims).caller;
    const N = 10_000;
    const rows = Array.from({ length: N }, (_, i) => line(i + 1, `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + Math.floor(i / 1000)).padStart(2, '0')}/2562`, `${i + 1}.pdf`));
    const zip = await zipOf(rows.map((_, i) => ({ name: `${i + 1}.pdf`, body: pdf, compress: false })));
    const sent = await uploadArchive(a, { name: 'ทะเบียนรับ-2562.csv', body: csv(rows) }, { name: 'files.zip', body: zip });
    const mapping = guessMapping(sent.body.columns);
    for (const run of [1, 2]) {
      await admin.keeping.startImport({ importId: sent.body.id, mapping: mapping as never });
      await runArchiveImport({ tenantId: a.tenantId, importId: sent.body.id });
      const { import: done } = await admin.keeping.import({ importId: sent.body.id });
      expect(done).toMatchObject(run === 1 ? { state: 'done', rowsImported: N, rowsAlready: 0, rowsRefused: 0 } : { state: 'done', rowsImported: 0, rowsAlready: N, rowsRefused: 0 });
      expect(await withdrawOcr(a.tenantId)).toBe(run === 1 ? N : 0);
    }
    const [count] = await owner<{ letters: number; lines: number; files: number }[]>`select
      (select count(*)::int from letters where tenant_id = ${a.tenantId}) as letters,
      (select count(*)::int from register_entries where tenant_id = ${a.tenantId}) as lines,
      (select count(*)::int from letter_files where tenant_id = ${a.tenantId}) as files`;
    expect(count).toEqual({ letters: N, lines: N, files: N });
  }, 900_000);
});

describe('importing a send register', () => {
  it('enters each line as an outgoing letter signed on paper, with its number in the send register, its scan and its keeping; a second run adds nothing', async () => {
    const a = await createAgency('กรมที่นำเข้าทะเบียนส่ง');
    const admin = callerFor(a.adminClaims).caller;
    const header = ['เลขทะเบียนส่ง', 'วันที่ส่ง', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'ไฟล์'];
    const rows = [1, 2, 3].map((n) => [String(n), `1${n}/06/2560`, `นร 0101/${n}`, `1${n}/06/2560`, 'กรมที่นำเข้าทะเบียนส่ง', 'ปลัดกระทรวงการคลัง', `ขอส่งรายงานประจำเดือน ครั้งที่ ${n}`, `${n}.pdf`]);
    const body = `${[header, ...rows].map((r) => r.join(',')).join('\n')}\n`;
    const form = new FormData();
    form.append('registerKind', 'send');
    form.append('register', new Blob([body]), 'ทะเบียนส่ง-2560.csv');
    form.append('files', new Blob([new Uint8Array(await zipOf([1, 2, 3].map((n) => ({ name: `${n}.pdf`, body: pdf }))))]), 'files.zip');
    const sent = await (await upload(new Request('http://127.0.0.1/api/imports', { method: 'POST', body: form, headers: { cookie: await sessionCookie(a.adminClaims) } }))).json() as { id: string; columns: string[] };
    const mapping = guessMapping(sent.columns);
    expect(mapping).toMatchObject({ number: 0, registeredOn: 1, subject: 6, files: 7 });
    for (const run of [1, 2]) {
      await admin.keeping.startImport({ importId: sent.id, mapping: mapping as never });
      const done = await runJobsUntil(async () => { const i = (await admin.keeping.import({ importId: sent.id })).import; return (i.state === 'done' || i.state === 'failed') && i; });
      expect(done).toMatchObject(run === 1 ? { state: 'done', rowsImported: 3, rowsAlready: 0 } : { state: 'done', rowsImported: 0, rowsAlready: 3 });
    }
    const letters = await owner<{ state: string; number: number; number_year: number; subject: string; signed: boolean; files: number; kept_from: string }[]>`
      select o.state, o.number, o.number_year, o.subject, o.signed_at is not null as signed, k.kept_from::text,
        (select count(*)::int from outgoing_files f where f.tenant_id = o.tenant_id and f.letter_id = o.id and f.kind = 'signed') as files
      from outgoing_letters o join send_register_entries s on s.tenant_id = o.tenant_id and s.outgoing_letter_id = o.id
      join letter_keeping k on k.tenant_id = o.tenant_id and k.letter_id = o.id
      where o.tenant_id = ${a.tenantId} order by o.number`;
    expect(letters).toEqual([1, 2, 3].map((n) => ({ state: 'paper', number: n, number_year: 2017, subject: `ขอส่งรายงานประจำเดือน ครั้งที่ ${n}`, signed: true, files: 1, kept_from: `2017-06-1${n}` })));
  }, 120_000);
});

describe('importing a register kept as a workbook', () => {
  it('reads the first sheet of an XLSX: Thai text, real dates, numbers; without a ZIP of files', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const a = await createAgency();
    const admin = callerFor(a.adminClaims).caller;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('ทะเบียนรับ');
    sheet.addRow(HEADER.slice(0, 9));
    sheet.addRow([7, new Date(Date.UTC(2018, 4, 2)), 'มท 0808.2/ว 7', new Date(Date.UTC(2018, 3, 30)), 'กรมส่งเสริมการปกครองท้องถิ่น', 'อธิบดี', 'ขอเชิญประชุม', '', 'เก็บเข้าแฟ้ม']);
    sheet.addRow([8, '03/05/2561', 'มท 0808.2/ว 8', '01/05/2561', 'กรมส่งเสริมการปกครองท้องถิ่น', 'อธิบดี', 'ขอส่งข้อมูล', '', '']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const sent = await uploadArchive(a, { name: 'ทะเบียนรับ-2561.xlsx', body: xlsx });
    expect(sent.body.columns).toEqual(HEADER.slice(0, 9));
    await admin.keeping.startImport({ importId: sent.body.id, mapping: guessMapping(sent.body.columns) as never });
    const done = await runJobsUntil(async () => { const i = (await admin.keeping.import({ importId: sent.body.id })).import; return (i.state === 'done' || i.state === 'failed') && i; });
    expect(done).toMatchObject({ state: 'done', rowsImported: 2, rowsRefused: 0 });
    expect((await importedLetters(a.tenantId)).map((l) => [l.number, l.kept_from, l.subject])).toEqual([[7, '2018-05-02', 'ขอเชิญประชุม'], [8, '2018-05-03', 'ขอส่งข้อมูล']]);
  }, 60_000);
});
