import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { TablePdf, type TableSpec } from '@/server/documents/table-pdf';

const spec: TableSpec = {
  heading: 'ทะเบียนหนังสือรับ ปี พ.ศ. ๒๕๖๙', subheading: 'สำนักงานปลัดกระทรวง', columns: ['เลขทะเบียนรับ', 'ที่', 'เรื่อง'],
  widths: [60, 90, 0], keepTogether: [1], centred: [0], thaiDigits: true, empty: 'ไม่มีรายการ',
};

async function write(rows: string[][], s: TableSpec = spec) {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'table-pdf-')), 't.pdf');
  const out = createWriteStream(file);
  const table = new TablePdf(s, out);
  table.add(rows);
  const pages = table.end();
  await finished(out);
  const page = (n: number) => execFileSync('pdftotext', ['-raw', '-f', String(n), '-l', String(n), file, '-'], { encoding: 'utf8' });
  return { file, pages, page };
}

describe('the table writer', () => {
  it('writes Thai that copies and searches as written: a split vowel and moved marks come back as typed', async () => {
    const { page } = await write([['1', 'ที่ นร ๐๑๐๕/๑', 'สำนักงานคณะกรรมการกฤษฎีกา น้ำท่วม การปฏิบัติ']]);
    const text = page(1);
    expect(text).toContain('สำนักงานปลัดกระทรวง');
    expect(text.replace(/\s+/g, '')).toContain('สำนักงานคณะกรรมการกฤษฎีกาน้ำท่วมการปฏิบัติ');
    expect(text).not.toContain('ำา');
  });

  it('breaks a column of listed people and units only between the items: a name is never split', async () => {
    const actions = { ...spec, columns: ['เลขทะเบียนรับ', 'ที่', 'การปฏิบัติ'], widths: [60, 90, 150], phrases: [2] };
    const names = ['นายวิชัย ศรีสง่า (ดำเนินการ)', 'นางสาวพรรณราย วงศ์สวัสดิ์ (ทราบ)', 'กองการเจ้าหน้าที่ (ทราบ)'];
    const { page } = await write([['1', 'ที่ นร ๐๑๐๕/๑', `ส่ง ${names.join(', ')}`]], actions);
    const lines = page(1).split('\n').map((l) => l.trim()).filter(Boolean);
    // Each name whole on a line; where an item is wider than the column, it breaks at a space only.
    const words = names.flatMap((n) => n.split(' '));
    for (const word of words) expect(lines.some((l) => l.includes(word))).toBe(true);
    expect(lines.some((l) => l.includes('กองการเจ้าหน้าที่ (ทราบ)'))).toBe(true);
  });

  it('breaks a cell between words, never inside one, and keeps brackets on their word', async () => {
    const narrow = { ...spec, widths: [60, 90, 110] };
    const { page } = await write([['1', 'ที่ นร ๐๑๐๕/๑', 'ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ ส่ง กองกลาง (ดำเนินการ)']], narrow);
    const lines = page(1).split('\n').map((l) => l.trim()).filter(Boolean);
    const cell = lines.slice(lines.indexOf('ที่ นร ๐๑๐๕/๑') + 1).filter((l) => !/^-/.test(l));
    expect(cell.length).toBeGreaterThan(2);
    expect(cell.join('').replace(/\s+/g, '')).toBe('ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ส่งกองกลาง(ดำเนินการ)');
    // Every line ends where a word ends (Intl.Segmenter's words of the whole cell), and "(" never ends a line.
    const whole = cell.join('').replace(/\s+/g, '');
    const ends = new Set([...new Intl.Segmenter('th', { granularity: 'word' }).segment(whole)].map((x) => x.index + x.segment.length));
    let at = 0;
    for (const line of cell) {
      expect(line.endsWith('(')).toBe(false);
      at += line.replace(/\s+/g, '').length;
      expect(ends.has(at), `"${line}" ends inside a word`).toBe(true);
    }
  });

  it('never ends a cell line inside a dictionary word or an agency’s own word, at any column width', async () => {
    const own = 'ศูนย์ปฏิบัติการบริหารจัดการน้ำอัจฉริยะ';
    const subject = `ขอเชิญผู้แทนสำนักนายกรัฐมนตรีและ${own}ร่วมประชุมเรื่องงบประมาณ ณ ทำเนียบรัฐบาล`;
    const kept = ['สำนักนายกรัฐมนตรี', own, 'งบประมาณ', 'ทำเนียบรัฐบาล'];
    for (const width of [200, 220, 240, 260, 280, 300]) {
      const { page } = await write([['1', 'ที่ นร ๐๑๐๕/๑', subject]], { ...spec, widths: [60, 90, width], words: [own] });
      const lines = page(1).split('\n').map((l) => l.trim()).filter(Boolean);
      const cell = lines.slice(lines.indexOf('ที่ นร ๐๑๐๕/๑') + 1).filter((l) => !/^-/.test(l));
      expect(cell.join('').replace(/\s+/g, '')).toBe(subject.replace(/\s+/g, ''));
      for (const word of kept) expect(cell.some((l) => l.replace(/\s+/g, '').includes(word)), `${width}: ${word} in ${JSON.stringify(cell)}`).toBe(true);
    }
  });

  it('repeats the headings on every page, numbers the pages and never splits a row across two', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [String(i + 1), `ที่ นร ๐๑๐๕/${i + 1}`, `หนังสือฉบับที่ ${i + 1} ${'ขอความอนุเคราะห์ '.repeat(i % 4)}`]);
    const { pages, page } = await write(rows, { ...spec, widths: [60, 130, 0] });
    expect(pages).toBeGreaterThan(3);
    const numbers = new Map<string, number>();
    const subjects = new Map<string, number>();
    for (let n = 1; n <= pages; n++) {
      const text = page(n);
      expect(text, `page ${n}`).toContain('เรื่อง');
      expect(text, `page ${n}`).toContain(`- ${String(n).replace(/\d/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!)} -`);
      for (const m of text.matchAll(/ที่ นร ๐๑๐๕\/(\d+)/g)) numbers.set(m[1]!, n);
      for (const m of text.matchAll(/หนังสือฉบับที่ (\d+)/g)) subjects.set(m[1]!, n);
    }
    expect(numbers.size).toBe(120);
    // Each row's cells are on one page.
    expect([...numbers].filter(([row, n]) => subjects.get(row) !== n)).toEqual([]);
  });

  it('cuts a cell taller than a page, marked as cut', async () => {
    const { page, pages } = await write([['1', 'ที่ นร ๐๑๐๕/๑', 'ขอความอนุเคราะห์ '.repeat(400)], ['2', 'ที่ นร ๐๑๐๕/๒', 'ฉบับถัดไป']]);
    // Too tall for the first page under the title, it starts the second, cut to what a page holds.
    expect(pages).toBe(3);
    expect(page(2)).toContain('…');
    expect(page(2)).toContain('ขอความอนุเคราะห์');
    expect(page(3)).toContain('ฉบับถัดไป');
  });

  it('says when there are no rows', async () => {
    const { page, pages } = await write([]);
    expect(pages).toBe(1);
    expect(page(1)).toContain('ไม่มีรายการ');
  });
});
