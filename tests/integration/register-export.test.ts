import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTablePool } from '@/server/documents/table-pdf-thread';
import { GET } from '@/app/api/registers/[registerId]/export/route';
import { addPerson, callerFor, createAgency, sessionCookie } from './factories';

let cookie: string;
let registerId: string;
let yearBe: number;
const hostile = '#set page(fill: red) <script>alert(1)</script> $x$ *ตัวหนา*';

async function download(query: string, useCookie = cookie) {
  return GET(new Request(`http://127.0.0.1/api/registers/${registerId}/export?${query}`, { headers: { cookie: useCookie } }),
    { params: Promise.resolve({ registerId }) });
}

afterAll(() => closeTablePool());

beforeAll(async () => {
  const a = await createAgency();
  const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  const { caller } = callerFor(officer.claims);
  for (const subject of ['ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ ครั้งที่ ๑/๒๕๖๙', hostile]) {
    const { id } = await caller.intake.recordPaperLetter({
      documentNumber: 'ศธ 04001/ว 123', letterDate: '2026-11-20', fromText: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
      toText: 'อธิบดีกรมทดสอบ', subject, urgency: 'urgent', secrecy: 'normal', remarks: '',
    });
    const r = await caller.registry.register({ letterId: id });
    registerId = r.registerId;
    yearBe = r.year + 543;
  }
  cookie = await sessionCookie(officer.claims);
});

describe('exporting the receive register', () => {
  it('as XLSX with the regulation columns, Thai text intact and a Thai file name', async () => {
    const response = await download(`format=xlsx&yearBe=${yearBe}`);
    expect(response.status).toBe(200);
    expect(decodeURIComponent(response.headers.get('content-disposition')!)).toContain(`filename*=UTF-8''ทะเบียนหนังสือรับ-${yearBe}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(3).values).toEqual([undefined, 'เลขทะเบียนรับ', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ']);
    expect(sheet.getRow(4).getCell(6).value).toBe('ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ ครั้งที่ ๑/๒๕๖๙');
    expect(sheet.getRow(5).getCell(6).value).toBe(hostile);
    // The line number and the letter's date are a number and a date (sortable), in Thai digits and the Buddhist era by their format.
    expect(sheet.getRow(4).getCell(1).value).toBe(1);
    expect(sheet.getRow(4).getCell(1).numFmt).toBe('[$-D07041E]0');
    expect(sheet.getRow(4).getCell(3).value).toEqual(new Date('2026-11-20T00:00:00Z'));
    expect(sheet.getRow(4).getCell(3).numFmt).toBe('[$-D07041E]d mmm bbbb');
    expect(sheet.pageSetup.printTitlesRow).toBe('3:3');
  });

  it('as PDF laid out like the paper form, with markup in a subject printed as text', async () => {
    const response = await download(`format=pdf&yearBe=${yearBe}`);
    expect(response.status).toBe(200);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'register-pdf-'));
    writeFileSync(path.join(dir, 'r.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(text).toContain('ทะเบียนหนังสือรับ ปี พ.ศ.');
    for (const column of ['ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ']) expect(text).toContain(column);
    // Wherever the cell wraps it, the markup is there as plain text.
    const raw = execFileSync('pdftotext', ['-raw', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\s+/g, '');
    expect(raw).toContain('<script>alert(1)</script>');
    expect(raw).toContain('#setpage(fill:red)');
    const info = execFileSync('pdfinfo', [path.join(dir, 'r.pdf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.2\d* pts \(A4\)/);
  });

  it('repeats the column header on every page of a long register', async () => {
    const { registerPdf } = await import('@/server/registry/register-documents');
    const entry = (n: number) => ({
      number: n, registeredAt: new Date(), registeredByName: 'ก', cancelledAt: null, cancelReason: null, letterId: 'x',
      documentNumber: 'ศธ 04001/ว 123', letterDate: '2026-11-20', fromText: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน', toText: 'อธิบดี',
      subject: `หนังสือฉบับที่ ${n}`, urgency: 'normal' as const, secrecy: 'normal' as const, remarks: '', actions: 'ลงรับแล้ว', keeping: null,
    });
    const pdf = await registerPdf({ register: { id: 'x', nameTh: 'ทะเบียนหนังสือรับ', kind: 'receive', classified: false, unitName: 'กองกลาง' }, yearBe: 2569,
      entries: Array.from({ length: 60 }, (_, i) => entry(i + 1)) }, { agencyName: 'กรมทดสอบ', thaiDigits: false });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'register-pdf-'));
    writeFileSync(path.join(dir, 'long.pdf'), pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path.join(dir, 'long.pdf')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))![1]);
    expect(pages).toBeGreaterThan(2);
    for (let page = 1; page <= pages; page++) {
      const text = execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), path.join(dir, 'long.pdf'), '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(text, `page ${page}`).toContain('การปฏิบัติ');
      expect(text, `page ${page}`).toMatch(new RegExp(`-\\s*${page}\\s*-`));
    }
  });

  it('refuses people without the receive permission and registers of other agencies', async () => {
    const b = await createAgency();
    const staff = await addPerson(b, 'staff', [{ unitId: b.rootUnitId, role: 'staff' }]);
    const registry = await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }]);
    expect((await download(`format=pdf&yearBe=${yearBe}`, await sessionCookie(staff.claims))).status).toBe(403);
    const foreign = await download(`format=xlsx&yearBe=${yearBe}`, await sessionCookie(registry.claims));
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ messageKey: 'not_found' });
    expect((await download(`format=doc&yearBe=${yearBe}`)).status).toBe(400);
    expect((await download(`format=pdf&yearBe=${yearBe}`, '')).status).toBe(401);
  });
});
