import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { letterKinds } from '@/core/letters';
import { type LetterDocument } from '@/server/letters/letter-kinds';
import { renderLetterPdf } from '@/server/letters/render-letter';
import { sampleLetters } from '@/server/letters/sample-letters';

const dir = mkdtempSync(path.join(os.tmpdir(), 'letters-'));

function textOf(pdf: Buffer, name: string, page?: number) {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', file, '-']).toString();
}

describe('letters in the regulation’s layout', () => {
  it.each(letterKinds)('a %s renders as A4 with its heading, date and signer', async (kind) => {
    const pdf = renderLetterPdf(sampleLetters[kind]);
    const doc = await PDFDocument.load(pdf);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    const text = textOf(pdf, kind);
    const heading = { external: 'เรื่อง', memo: 'บันทึกข้อความ', stamped: 'ถึง', order: 'สั่ง ณ วันที่', regulation: 'ระเบียบ', bylaw: 'ข้อบังคับ',
      announcement: 'ประกาศ', statement: 'แถลงการณ์', news: 'ข่าว', certificate: 'หนังสือรับรอง', minutes: 'รายงานการประชุม', note: 'บันทึก' }[kind];
    expect(text).toContain(heading);
    expect(text).toContain('๒๔ พฤศจิกายน ๒๕๖๙');
    if (kind !== 'stamped' && kind !== 'statement' && kind !== 'news' && kind !== 'minutes') expect(text).toContain(`(${sampleLetters[kind].signer.name})`);
  });

  it('an external letter has every part in order, Thai digits, urgency, and page numbers from page 2', async () => {
    const letter: LetterDocument = { ...sampleLetters.external, body: [...sampleLetters.external.body, ...sampleLetters.external.body, ...sampleLetters.external.body] };
    const pdf = renderLetterPdf(letter);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThan(1);
    const first = textOf(pdf, 'external-long', 1);
    const parts = ['ด่วนมาก', 'ที่ นร ๐๑๐๕/๑๒๓๔', 'สำนักงานปลัดสำนัก', '๒๔ พฤศจิกายน ๒๕๖๙', 'เรื่อง', 'เรียน', 'อ้างถึง', 'สิ่งที่ส่งมาด้วย', 'ตามหนังสือที่อ้างถึง'];
    const positions = parts.map((p) => first.indexOf(p));
    expect(positions.every((p) => p >= 0), JSON.stringify(positions)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(first).toContain('๐๔๐๒/ว ๗๗'); // digits in the text too
    expect(first).not.toMatch(/-\s*๑\s*-/);
    expect(textOf(pdf, 'external-long', 2)).toMatch(/-\s*๒\s*-/);
    const all = textOf(pdf, 'external-long');
    for (const part of ['ขอแสดงความนับถือ', '(นายวิชัย ศรีสง่า)', 'ปลัดสำนักนายกรัฐมนตรี', 'กองกลาง', 'saraban@opm.go.th', 'สำเนาส่ง']) expect(all).toContain(part);
  });

  it('prints text as text: markup typed in a subject changes nothing; Arabic digits when the agency chooses them', async () => {
    const subject = '<script>alert(1)</script> #set page(width: 1cm) ]; #panic("x")';
    const pdf = renderLetterPdf({ ...sampleLetters.external, subject, thaiDigits: false });
    const doc = await PDFDocument.load(pdf);
    expect(Math.round(doc.getPage(0).getSize().width)).toBe(595);
    const text = textOf(pdf, 'markup');
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('#set page(width: 1cm)');
    expect(text).toContain('ที่ นร 0105/1234');
    expect(text).toContain('24 พฤศจิกายน 2569');
  });

  it('npm run letters:samples writes one PDF/A and one signed copy per kind, each sound to qpdf and pdfsig, and counts no split word', () => {
    const out = path.join(dir, 'samples');
    const printed = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/letter-samples.ts', out], { cwd: process.cwd() }).toString();
    expect(readdirSync(out).sort()).toEqual(letterKinds.flatMap((k) => [`${k}.pdf`, `signed-${k}.pdf`]).sort());
    expect(printed).toMatch(/^splits: 0 \(Typst's segmentation alone: [1-9]\d*\)$/m);
    for (const file of readdirSync(out)) {
      // qpdf exits 0 only with no error and no warning (3 = warnings).
      expect(execFileSync('qpdf', ['--check', path.join(out, file)]).toString()).toContain('No syntax or stream encoding errors');
    }
    const sig = execFileSync('pdfsig', [path.join(out, 'signed-external.pdf')]).toString();
    expect(sig).toContain('Signature is Valid');
    expect(sig).toContain('Signer Certificate Common Name: สำนักงานปลัดสำนักนายกรัฐมนตรี');
    expect(sig).toContain('Total document signed');
  });
});
