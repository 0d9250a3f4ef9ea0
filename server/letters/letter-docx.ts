import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AlignmentType, Document, Footer, Header, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, BorderStyle, convertMillimetersToTwip } from 'docx';
import sharp from 'sharp';
import { toThaiDigits } from '@/server/shared/thai-date';
import type { LetterDocument } from './letter-kinds';

const FONT = 'TH Sarabun New';
const SIZE = 32; // half-points: 16 pt
const months = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
const titles: Partial<Record<LetterDocument['kind'], string>> = {
  order: 'คำสั่ง', regulation: 'ระเบียบ', bylaw: 'ข้อบังคับ', announcement: 'ประกาศ', statement: 'แถลงการณ์', news: 'ข่าว',
};
const urgencyText = { normal: '', urgent: 'ด่วน', very_urgent: 'ด่วนมาก', most_urgent: 'ด่วนที่สุด' } as const;
const secrecyText = { normal: '', confidential: 'ลับ', secret: 'ลับมาก' } as const;

let garuda: Promise<Buffer> | undefined;

/** The emblem as a high-resolution PNG (word processors do not all draw SVG). */
function garudaPng() {
  garuda ??= readFile(path.join(process.cwd(), 'public', 'garuda.svg')).then((svg) => sharp(svg, { density: 600 }).resize({ height: 600 }).png().toBuffer());
  return garuda;
}

/**
 * The letter as a Word document, for agencies that finish letters in a word processor:
 * the same parts and layout rules as the PDF (A4; margins 3 cm left, 2 cm right; TH
 * Sarabun New 16 pt; Garuda 3 cm, 1.5 cm on memos; body indented 2.5 cm; Buddhist-era
 * dates). Text is inserted as text runs, never as markup.
 */
export async function renderLetterDocx(d: LetterDocument, options: { tracedTo?: string } = {}): Promise<Buffer> {
  const digits = (s: string) => (d.thaiDigits ? toThaiDigits(s) : s);
  const [y, m, day] = d.date.split('-').map(Number) as [number, number, number];
  const date = digits(`${day} ${months[m - 1]} ${y + 543}`);
  const run = (text: string, o: { bold?: boolean; size?: number; color?: string } = {}) => new TextRun({ text, font: FONT, size: o.size ?? SIZE, bold: o.bold, color: o.color });
  const p = (children: TextRun[] | string, o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indentFirst?: number; indentLeft?: number; before?: number } = {}) => new Paragraph({
    children: typeof children === 'string' ? [run(digits(children))] : children, alignment: o.align,
    indent: { firstLine: o.indentFirst ? convertMillimetersToTwip(o.indentFirst) : undefined, left: o.indentLeft ? convertMillimetersToTwip(o.indentLeft) : undefined },
    spacing: { before: o.before ?? 120, after: 0 },
  });
  const labelled = (label: string, value: string) => p([run(`${label}  `, { bold: true }), run(digits(value))]);
  const image = async (heightCm: number) => new ImageRun({ type: 'png', data: await garudaPng(), transformation: { width: heightCm * 37.8 * 0.91, height: heightCm * 37.8 } });
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const noBorders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
  const out: Array<Paragraph | Table> = [];

  // The secrecy mark stands at the top and the bottom of every page (header and footer); a classified
  // copy also names, at the foot of every page, whom it was made for and when.
  const mark = () => p([run(secrecyText[d.secrecy as 'confidential' | 'secret'], { bold: true, color: 'C00000', size: 40 })], { align: AlignmentType.CENTER, before: 0 });
  const marked = d.secrecy === 'confidential' || d.secrecy === 'secret';
  if (d.urgency !== 'normal') out.push(p([run(urgencyText[d.urgency], { bold: true, color: 'C00000', size: 56 })], { before: 0 }));
  const title = titles[d.kind];
  if (d.kind === 'memo') {
    out.push(new Paragraph({ children: [await image(1.5), run('          '), run('บันทึกข้อความ', { bold: true, size: 58 })] }));
    out.push(labelled('ส่วนราชการ', d.agency.nameTh));
    out.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: noBorders, rows: [new TableRow({ children: [
      new TableCell({ borders: noBorders, children: [labelled('ที่', d.documentNumber)] }), new TableCell({ borders: noBorders, children: [labelled('วันที่', date)] }),
    ] })] }));
    out.push(labelled('เรื่อง', d.subject));
    if (d.addressee) out.push(p([run(`${d.salutation}  `), run(digits(d.addressee))]));
  } else if (title) {
    out.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [await image(3)] }));
    out.push(p([run(`${title}${d.agency.nameTh}`, { bold: true })], { align: AlignmentType.CENTER }));
    if (d.kind === 'order' && d.documentNumber) out.push(p([run(digits(`ที่ ${d.documentNumber}`), { bold: true })], { align: AlignmentType.CENTER }));
    out.push(p([run(digits(d.kind === 'regulation' || d.kind === 'bylaw' ? `ว่าด้วย${d.subject}` : `เรื่อง ${d.subject}`), { bold: true })], { align: AlignmentType.CENTER }));
    out.push(p('------------------------', { align: AlignmentType.CENTER }));
  } else {
    out.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [await image(3)] }));
    out.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, borders: noBorders, rows: [new TableRow({ children: [
      new TableCell({ borders: noBorders, children: [p(d.documentNumber ? `ที่ ${d.documentNumber}` : 'ที่')] }),
      new TableCell({ borders: noBorders, children: [p(d.agency.nameTh), ...(d.agency.address ? [p(d.agency.address, { before: 0 })] : [])] }),
    ] })] }));
    out.push(p(date, { indentLeft: 75 }));
    out.push(labelled('เรื่อง', d.subject));
    if (d.addressee) out.push(p([run(`${d.salutation || 'ถึง'}  `), run(digits(d.addressee))]));
    d.references.forEach((r, i) => out.push(labelled(i === 0 ? 'อ้างถึง' : '', d.references.length > 1 ? `${i + 1}. ${r}` : r)));
    d.enclosures.forEach((e, i) => out.push(labelled(i === 0 ? 'สิ่งที่ส่งมาด้วย' : '', d.enclosures.length > 1 ? `${i + 1}. ${e}` : e)));
  }
  for (const para of d.body) out.push(p(para, { indentFirst: 25 }));
  if (title && d.kind !== 'statement' && d.kind !== 'news') out.push(p(`${d.kind === 'order' ? 'สั่ง' : 'ประกาศ'} ณ วันที่ ${date}`, { indentLeft: 25, before: 240 }));
  if (d.closing) out.push(p(d.closing, { align: AlignmentType.CENTER, before: 240 }));
  out.push(p(`(${d.signer.name})`, { align: AlignmentType.CENTER, before: 720 }));
  out.push(p(d.signer.position, { align: AlignmentType.CENTER, before: 0 }));
  if (d.kind === 'statement' || d.kind === 'news') out.push(p(date, { align: AlignmentType.CENTER }));
  if (d.kind === 'external' || d.kind === 'stamped') {
    const contact = [d.ownerUnit, d.phone && `โทร. ${d.phone}`, d.fax && `โทรสาร ${d.fax}`].filter(Boolean) as string[];
    contact.forEach((c, i) => out.push(p(c, { before: i === 0 ? 480 : 0 })));
    if (d.email) out.push(p([run(`ไปรษณีย์อิเล็กทรอนิกส์ ${d.email}`)], { before: 0 }));
    if (d.copies.length > 0) out.push(labelled('สำเนาส่ง', d.copies.join(', ')));
  }

  const doc = new Document({
    creator: 'Saraban', title: d.subject,
    styles: { default: { document: { run: { font: FONT, size: SIZE } } } },
    sections: [{
      properties: { page: {
        size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
        margin: { left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(20), top: convertMillimetersToTwip(15), bottom: convertMillimetersToTwip(20) },
      } },
      ...(marked ? {
        headers: { default: new Header({ children: [mark()] }) },
        footers: { default: new Footer({ children: [
          ...(options.tracedTo ? [p([run(options.tracedTo, { size: 24, color: '6B7280' })], { align: AlignmentType.CENTER, before: 0 })] : []), mark(),
        ] }) },
      } : {}),
      children: out,
    }],
  });
  return Packer.toBuffer(doc);
}
