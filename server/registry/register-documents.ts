import ExcelJS from 'exceljs';
import { renderPdf } from '@/server/documents/typst';
import { formatDate, formatIsoDate, toThaiDigits } from '@/server/shared/thai-date';
import type { listRegister } from './list-register';

type RegisterListing = Awaited<ReturnType<typeof listRegister>>;
type Options = { agencyName: string; thaiDigits: boolean; day?: string };

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

/** ทะเบียนหนังสือรับ as the paper form: A4 landscape, Thai font, the header repeated on every page. */
export function registerPdf(listing: RegisterListing, o: Options) {
  const pageDigits = Array.from({ length: 500 }, (_, i) => (o.thaiDigits ? toThaiDigits(String(i + 1)) : String(i + 1)));
  // A document number (ที่ ศธ 04001/ว 123) and a date read as one unit: keep each on one line.
  const lines = rows(listing, o).map((r) => r.map((cell, i) => (i === 1 || i === 2 ? cell.replace(/ /g, '\u00a0') : cell)));
  return renderPdf(template, { ...title(listing, o), columns: columns(listing), rows: lines, pageDigits });
}

/** The same register as a workbook: Thai text intact, header frozen and printed on every page. */
export async function registerXlsx(listing: RegisterListing, o: Options) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = o.agencyName;
  const t = title(listing, o);
  const sheet = workbook.addWorksheet(`${listing.register.classified ? 'ลับ ' : ''}${listing.register.kind === 'receive' ? 'ทะเบียนรับ' : 'ทะเบียนส่ง'} ${listing.yearBe}`, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  sheet.addRow([t.heading]).font = { bold: true, size: 16, name: 'TH Sarabun New' };
  sheet.addRow([t.agency]).font = { size: 14, name: 'TH Sarabun New' };
  sheet.addRow(columns(listing)).font = { bold: true, name: 'TH Sarabun New' };
  for (const row of rows(listing, o)) sheet.addRow(row).font = { name: 'TH Sarabun New' };
  sheet.columns.forEach((column, i) => { column.width = [10, 18, 14, 28, 28, 50, 26, 24][i]; });
  sheet.pageSetup.printTitlesRow = '3:3';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
