import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { TableSpec } from '@/server/documents/table-pdf';
import { writeTablePdf } from '@/server/documents/table-pdf-thread';
import { formatDate, formatIsoDate, toThaiDigits } from '@/server/shared/thai-date';
import type { listRegister } from './list-register';

type RegisterPage = Awaited<ReturnType<typeof listRegister>>;
type RegisterListing = Pick<RegisterPage, 'register' | 'yearBe' | 'entries'>;
type Options = { agencyName: string; thaiDigits: boolean; day?: string; until?: string; words?: string[] };

/** The most lines a register PDF made while its download waits may have; a longer one is made as an export job (register-export.ts). */
export const PDF_MAX_LINES = 5_000;

/**
 * Every page of a register listing, in order: `page(after)` reads one page (the same procedure as
 * the screen, one transaction each), so no more than a page is ever held.
 */
export async function* registerPages(page: (after: number | undefined) => Promise<RegisterPage>) {
  let after: number | undefined;
  do {
    const listing = await page(after);
    yield listing;
    after = listing.next ?? undefined;
  } while (after !== undefined);
}

/** The regulation's columns of ทะเบียนหนังสือรับ and ทะเบียนหนังสือส่ง, in order. */
function columns(listing: RegisterListing) {
  return [listing.register.kind === 'receive' ? 'เลขทะเบียนรับ' : 'เลขทะเบียนส่ง', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ'];
}

function rows(listing: RegisterListing, o: Options) {
  const digits = (s: string) => (o.thaiDigits ? toThaiDigits(s) : s);
  return listing.entries.map((e) => [
    digits(String(e.number)),
    // Our own numbers in our own digits; a received letter's number as the sender printed it.
    listing.register.kind === 'receive' ? e.documentNumber : digits(e.documentNumber),
    e.letterDate ? formatIsoDate(e.letterDate, { style: 'short', thaiDigits: o.thaiDigits }) : '',
    e.fromText,
    e.toText,
    // A classified letter's subject is sealed: the platform has none to print (its holders read it on screen).
    e.subject === '' && e.secrecy !== 'normal' ? '(เรื่องเข้ารหัสไว้)' : e.subject,
    listing.register.kind === 'receive' ? `${e.actions} ${formatDate(e.registeredAt, { style: 'short', withTime: true, thaiDigits: o.thaiDigits })}` : e.actions,
    e.cancelledAt ? `ยกเลิก: ${e.cancelReason ?? ''}` : e.remarks,
  ]);
}

function title(listing: RegisterListing, o: Options) {
  const year = o.thaiDigits ? toThaiDigits(String(listing.yearBe)) : String(listing.yearBe);
  const date = (d: string) => formatIsoDate(d, { thaiDigits: o.thaiDigits });
  const day = o.day ? ` วันที่ ${date(o.day)}${o.until && o.until !== o.day ? ` ถึง ${date(o.until)}` : ''}` : '';
  // Named for its unit: each unit's register starts at 1, and its title says whose it is.
  const unit = listing.register.unitName ? ` ${listing.register.unitName}` : '';
  return { heading: `${listing.register.nameTh}${unit} ปี พ.ศ. ${year}${day}`, agency: o.agencyName };
}

/** File name as people would save it, in Thai: ทะเบียนหนังสือรับ-2569.xlsx (or -2569-11-24). */
export function registerFileName(listing: RegisterListing, day: string | undefined, extension: 'pdf' | 'xlsx', until?: string) {
  const name = [listing.register.nameTh, listing.register.unitName].filter(Boolean).join(' ');
  return `${name.replace(/[()\s]+/g, '-').replace(/-+$/, '')}-${listing.yearBe}${day ? `-${day}` : ''}${until && until !== day ? `-${until}` : ''}.${extension}`;
}

const cm = 72 / 2.54;

/** The register's table as the paper form: column widths in points (เรื่อง takes what is left). */
function tableSpec(listing: RegisterListing, o: Options): TableSpec {
  const t = title(listing, o);
  return {
    heading: t.heading, subheading: t.agency, columns: columns(listing),
    widths: [1.8, 3.0, 2.3, 3.0, 2.8, 0, 5.6, 2.2].map((w) => w * cm),
    // A document number (ที่ ศธ 04001/ว 123) and a date read as one unit; การปฏิบัติ lists people and units, each name kept whole.
    keepTogether: [1, 2], phrases: [6], centred: [0], thaiDigits: o.thaiDigits, empty: 'ไม่มีรายการ', words: o.words ?? [],
  };
}

/**
 * ทะเบียนหนังสือรับ/ส่ง as the paper form, into `file`: A4 landscape, Thai font, the column
 * headings on every page, a line never split across pages. Laid out on a thread of its own page
 * by page as the listing is read, so a year of any length takes the memory of a page or two.
 */
export async function writeRegisterPdf(pages: AsyncIterable<RegisterListing>, o: Options, file: string) {
  const iterator = pages[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new Error('a register listing has at least one page');
  async function* batches() {
    let page: IteratorResult<RegisterListing> = first;
    while (!page.done) {
      yield rows(page.value, o);
      page = await iterator.next();
    }
  }
  return writeTablePdf(file, tableSpec(first.value, o), batches());
}

/** A register of a few pages as PDF bytes (the letters' own registers in tests, a day's register). */
export async function registerPdf(listing: RegisterListing, o: Options): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'saraban-register-'));
  try {
    const file = path.join(dir, 'register.pdf');
    await writeRegisterPdf((async function* one() { yield listing; })(), o, file);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The same register as a workbook: Thai text intact, header frozen and printed on every page.
 * Written as it is read, page by page, into `out` (a streaming writer: each row is committed and
 * let go), so a year of any length takes the memory of one page.
 */
export async function writeRegisterXlsx(pages: AsyncIterable<RegisterListing>, o: Options, out: Writable) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = o.agencyName;
  const iterator = pages[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new Error('a register listing has at least one page');
  const listing = first.value;
  const t = title(listing, o);
  const sheet = workbook.addWorksheet(`${listing.register.classified ? 'ลับ ' : ''}${listing.register.kind === 'receive' ? 'ทะเบียนรับ' : 'ทะเบียนส่ง'} ${listing.yearBe}`, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  sheet.columns = [10, 18, 14, 28, 28, 50, 26, 24].map((width) => ({ width }));
  sheet.pageSetup.printTitlesRow = '3:3';
  const add = (values: Array<string | number | Date>, font: Partial<ExcelJS.Font>) => {
    const row = sheet.addRow(values);
    row.font = font;
    return row;
  };
  add([t.heading], { bold: true, size: 16, name: 'TH Sarabun New' }).commit();
  add([t.agency], { size: 14, name: 'TH Sarabun New' }).commit();
  add(columns(listing), { bold: true, name: 'TH Sarabun New' }).commit();
  // The line number and the letter's date are a number and a date (sortable, filterable), shown in
  // the agency's digits and the Buddhist era by their format, not written as text.
  const numberFormat = o.thaiDigits ? '[$-D07041E]0' : '0';
  const dateFormat = o.thaiDigits ? '[$-D07041E]d mmm bbbb' : '[$-th-TH]d mmm bbbb';
  const lines = (page: RegisterListing) => {
    const text = rows(page, o);
    page.entries.forEach((e, i) => {
      const values: Array<string | number | Date> = [...text[i]!];
      values[0] = e.number;
      values[2] = e.letterDate ? new Date(`${e.letterDate}T00:00:00Z`) : '';
      const row = add(values, { name: 'TH Sarabun New' });
      row.getCell(1).numFmt = numberFormat;
      if (e.letterDate) row.getCell(3).numFmt = dateFormat;
      row.commit();
    });
  };
  lines(listing);
  for (let page = await iterator.next(); !page.done; page = await iterator.next()) lines(page.value);
  sheet.commit();
  await workbook.commit();
}
