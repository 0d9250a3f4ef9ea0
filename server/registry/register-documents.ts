import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '@/core/errors';
import { renderPdfOffThread } from '@/server/documents/layout-pool';
import { formatDate, formatIsoDate, toThaiDigits } from '@/server/shared/thai-date';
import type { listRegister } from './list-register';

type RegisterPage = Awaited<ReturnType<typeof listRegister>>;
type RegisterListing = Pick<RegisterPage, 'register' | 'yearBe' | 'entries'>;
type Options = { agencyName: string; thaiDigits: boolean; day?: string };

/** The most lines one register PDF lays out (a Typst table grows faster than its lines). */
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
  const day = o.day ? ` วันที่ ${formatIsoDate(o.day, { thaiDigits: o.thaiDigits })}` : '';
  return { heading: `${listing.register.nameTh} ปี พ.ศ. ${year}${day}`, agency: o.agencyName };
}

/** File name as people would save it, in Thai: ทะเบียนหนังสือรับ-2569.xlsx (or -2569-11-24). */
export function registerFileName(listing: RegisterListing, day: string | undefined, extension: 'pdf' | 'xlsx') {
  return `${listing.register.nameTh.replace(/[()\s]+/g, '-').replace(/-+$/, '')}-${listing.yearBe}${day ? `-${day}` : ''}.${extension}`;
}

const template = `
#let data = json(bytes(sys.inputs.data))
#set document(title: data.heading)
#set page(paper: "a4", flipped: true, margin: (left: 2cm, right: 1.5cm, top: 1.5cm, bottom: 1.5cm),
  footer: context align(center, text(size: 12pt, counter(page).display(num => "- " + data.pageDigits.at(num - 1, default: str(num)) + " -"))))
#set text(font: "Sarabun", size: 13pt, lang: "th")
// A register line is never split across two pages.
#set table.cell(breakable: false)
#align(center)[#text(size: 18pt, weight: "bold", data.heading) \\ #text(size: 14pt, data.agency)]
#v(0.4cm)
#table(
  columns: (1.9cm, 3.7cm, 3.1cm, 3.3cm, 3.3cm, 1fr, 3.1cm, 2.8cm),
  stroke: 0.5pt,
  inset: 5pt,
  align: (center, left, center, left, left, left, left, left),
  table.header(repeat: true, ..data.columns.map(c => align(center, strong(c)))),
  ..data.rows.flatten().map(c => c),
)
#if data.rows.len() == 0 [#align(center)[ไม่มีรายการ]]
`;

/** ทะเบียนหนังสือรับ as the paper form: A4 landscape, Thai font, the header repeated on every page (laid out off the request thread). */
export function registerPdf(listing: RegisterListing, o: Options) {
  if (listing.entries.length > PDF_MAX_LINES) throw new AppError('register_pdf_too_long');
  const pageDigits = Array.from({ length: 500 }, (_, i) => (o.thaiDigits ? toThaiDigits(String(i + 1)) : String(i + 1)));
  // A document number (ที่ ศธ 04001/ว 123) and a date read as one unit: keep each on one line.
  const lines = rows(listing, o).map((r) => r.map((cell, i) => (i === 1 || i === 2 ? cell.replace(/ /g, '\u00a0') : cell)));
  return renderPdfOffThread(template, { ...title(listing, o), columns: columns(listing), rows: lines, pageDigits });
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
  const add = (values: string[], font: Partial<ExcelJS.Font>) => {
    const row = sheet.addRow(values);
    row.font = font;
    row.commit();
  };
  add([t.heading], { bold: true, size: 16, name: 'TH Sarabun New' });
  add([t.agency], { size: 14, name: 'TH Sarabun New' });
  add(columns(listing), { bold: true, name: 'TH Sarabun New' });
  for (const row of rows(listing, o)) add(row, { name: 'TH Sarabun New' });
  for (let page = await iterator.next(); !page.done; page = await iterator.next()) {
    for (const row of rows(page.value, o)) add(row, { name: 'TH Sarabun New' });
  }
  sheet.commit();
  await workbook.commit();
}
