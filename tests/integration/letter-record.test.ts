import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { finished } from 'node:stream/promises';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { stampFirstPage } from '@/server/documents/receipt-stamp';
import { TablePdf } from '@/server/documents/table-pdf';
import { letterKinds } from '@/core/letters';
import { demoAgencies } from '@/db/seed-data';
import { parseLetterData, readLetterData } from '@/server/letters/letter-data';
import type { LetterDocument } from '@/server/letters/letter-kinds';
import { renderLetterPdf, splitWords } from '@/server/letters/render-letter';
import { sampleLetters } from '@/server/letters/sample-letters';
import { certificateDer, generateAgencyCertificate, importSigningKey } from '@/server/signing/agency-certificate';
import { signPdf, type SigningKey } from '@/server/signing/pades';

const dir = mkdtempSync(path.join(os.tmpdir(), 'record-'));
let key: SigningKey;

beforeAll(async () => {
  const certificate = await generateAgencyCertificate(demoAgencies[0]!);
  key = { certificate: certificateDer(certificate.certificatePem), privateKey: await importSigningKey(certificate.privateKeyPkcs8) };
});

function saved(pdf: Buffer, name: string) {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

async function signatureDictionary(pdf: Buffer) {
  const doc = await PDFDocument.load(pdf);
  const form = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
  const field = form.lookup(PDFName.of('Fields')) as unknown as { lookup(i: number): PDFDict };
  return field.lookup(0).lookup(PDFName.of('V'), PDFDict);
}

function textOf(dict: PDFDict, key: string) {
  const value = dict.lookup(PDFName.of(key));
  return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : undefined;
}

describe('a signed letter as a document of record', () => {
  it('keeps the signer, reason and place in Thai (UTF-16), even with brackets and backslashes, and passes qpdf and pdfsig', async () => {
    const at = new Date('2026-11-24T03:30:00Z');
    const unsigned = renderLetterPdf(sampleLetters.external, at);
    const info = { name: 'นายวิชัย (ศรีสง่า) \\ ทดสอบ', reason: 'ลงนามหนังสือ นร 0105/1234 (ฉบับจริง)', location: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', contact: 'saraban@opm.go.th', at };
    const signed = await signPdf(unsigned, key, info);
    // An incremental update: the letter's own bytes are unchanged, the signature follows them.
    expect(signed.subarray(0, unsigned.length).equals(unsigned)).toBe(true);
    const file = saved(signed, 'signed');
    expect(execFileSync('qpdf', ['--check', file]).toString()).toContain('No syntax or stream encoding errors');
    const sig = execFileSync('pdfsig', [file]).toString();
    expect(sig).toContain('Signature is Valid');
    expect(sig).toContain('Total document signed');
    const dict = await signatureDictionary(signed);
    expect(textOf(dict, 'Name')).toBe(info.name);
    expect(textOf(dict, 'Reason')).toBe(info.reason);
    expect(textOf(dict, 'Location')).toBe(info.location);
    // pdf.js opens it and reads the field's Thai name.
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(signed), verbosity: 0 }).promise;
    const fields = await doc.getFieldObjects();
    expect(Object.keys(fields ?? {})).toEqual(['ลายมือชื่อ']);
    await doc.destroy();
  });

  it.each(letterKinds)('a %s is PDF/A-3 with its data attached as XML, still after signing', async (kind) => {
    const letter = sampleLetters[kind];
    const signed = await signPdf(renderLetterPdf(letter), key, { name: letter.signer.name, reason: 'ลงนาม', location: 'กรุงเทพฯ', contact: '', at: new Date() });
    const xmp = signed.toString('latin1');
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>U</pdfaid:conformance>');
    expect(execFileSync('pdfdetach', ['-list', saved(signed, `attached-${kind}`)]).toString()).toContain('saraban-letter.xml');
    const data = await readLetterData(signed);
    expect(data).not.toBeNull();
    expect(data!.kind).toBe(kind);
    expect(data!.subject).toBe(letter.thaiDigits ? letter.subject.replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!) : letter.subject);
    expect(data!.urgency).toBe(letter.urgency);
    expect(data!.body).toHaveLength(letter.body.length);
  });

  it('reads back every field of the letter data, and refuses what is not Saraban letter data', () => {
    const letter: LetterDocument = { ...sampleLetters.external, thaiDigits: false, secrecy: 'confidential', urgency: 'most_urgent' };
    const pdf = renderLetterPdf(letter);
    const out = path.join(dir, 'data.xml');
    execFileSync('pdfdetach', ['-save', '1', '-o', out, saved(pdf, 'data')]);
    const xml = readFileSync(out, 'utf8');
    const data = parseLetterData(xml)!;
    expect(data).toMatchObject({
      kind: 'external', documentNumber: 'นร 0105/1234', date: '2026-11-24', subject: letter.subject, urgency: 'most_urgent', secrecy: 'confidential',
      sender: { organization: letter.agency.nameTh, name: letter.signer.name, position: letter.signer.position, unit: 'กองกลาง' },
      receiver: { salutation: 'เรียน', addressee: 'อธิบดีกรมบัญชีกลาง' }, references: letter.references, enclosures: letter.enclosures, body: letter.body,
    });
    for (const paragraph of letter.body) expect(data.text).toContain(paragraph);
    expect(parseLetterData('<SarabanLetter><Subject>x</Subject></SarabanLetter>')).toBeNull();
    expect(parseLetterData('<!DOCTYPE x [<!ENTITY a "b">]><SarabanLetter xmlns="urn:saraban:letter:1"/>')).toBeNull();
    expect(parseLetterData('not xml <')).toBeNull();
    // Fields beyond the bounds of the paper letter's form, or a date that is not one, are left out.
    const long = xml.replace(/<Subject>[^<]*<\/Subject>/, `<Subject>${'ก'.repeat(1001)}</Subject>`)
      .replace(/<CorrespondenceDate>[^<]*<\/CorrespondenceDate>/, '<CorrespondenceDate>2569-11-24</CorrespondenceDate>');
    expect(parseLetterData(long)).toMatchObject({ subject: '', date: '', documentNumber: 'นร 0105/1234' });
  });

  it('ends a page that is not the last with "…/" and the first word of the next page', async () => {
    const letter: LetterDocument = { ...sampleLetters.external, body: [...sampleLetters.external.body, ...sampleLetters.external.body, ...sampleLetters.external.body] };
    const file = saved(renderLetterPdf(letter), 'cue');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page < pages; page++) {
      const text = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), file, '-']).toString();
      const cue = /…\/(\S+)\s*$/.exec(text.trim());
      expect(cue, `page ${page}: ${text.slice(-200)}`).not.toBeNull();
      const next = execFileSync('pdftotext', ['-f', String(page + 1), '-l', String(page + 1), file, '-']).toString();
      // The next page starts with its number (- ๒ -), then the cued word.
      const first = next.replace(/^[\s\-๐-๙0-9]+/u, '');
      expect(first.startsWith(cue![1]!), `${cue![1]} / ${first.slice(0, 40)}`).toBe(true);
    }
    const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), file, '-']).toString();
    expect(last).not.toContain('…/');
  });

  it('prints the date line of the signature note on one baseline: words, month and digits', async () => {
    const letter: LetterDocument = { ...sampleLetters.external, signed: { date: '2026-11-24', time: '10.30', url: 'https://saraban.example/verify/x', qr: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>' } };
    const pdf = renderLetterPdf(letter);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    const page = await doc.getPage(doc.numPages);
    const items = (await page.getTextContent()).items.filter((i) => 'str' in i && i.str.trim() !== '') as Array<{ str: string; transform: number[] }>;
    // The date line ends with the time (๑๐.๓๐ น.); pdf.js reads the Thai words of small text poorly, so the line is found by its digits.
    const time = items.find((i) => i.str.includes('๑๐.๓๐'));
    expect(time).toBeDefined();
    const line = items.filter((i) => Math.abs(i.transform[5]! - time!.transform[5]!) < 4);
    expect(line.length).toBeGreaterThan(4);
    expect(line.some((i) => i.str.includes('๒๕๖๙'))).toBe(true);
    expect(new Set(line.map((i) => i.transform[5]!.toFixed(1))).size).toBe(1);
    await doc.destroy();
  });
});

describe('every PDF the system writes', () => {
  it('passes qpdf --check with no warning: a letter, a signed letter, stamped scans (PDF, PNG, JPEG) and a register', async () => {
    const letter = renderLetterPdf(sampleLetters.memo);
    const signed = await signPdf(letter, key, { name: 'นายวิชัย ศรีสง่า', reason: 'ลงนาม', location: 'กรุงเทพฯ', contact: '', at: new Date() });
    const stamp = { agencyName: 'กรมบัญชีกลาง', number: '๑๒๓', date: '๒๔ พ.ย. ๒๕๖๙', time: '๑๐.๓๐ น.' };
    const blank = sharp({ create: { width: 600, height: 850, channels: 3, background: '#ffffff' } });
    const files: Array<[string, Buffer]> = [
      ['letter', letter], ['signed-letter', signed],
      ['stamped-pdf', await stampFirstPage(signed, 'application/pdf', stamp)],
      ['stamped-png', await stampFirstPage(await blank.clone().png().toBuffer(), 'image/png', stamp)],
      ['stamped-jpeg', await stampFirstPage(await blank.clone().jpeg().toBuffer(), 'image/jpeg', stamp)],
    ];
    const register = path.join(dir, 'register.pdf');
    const out = createWriteStream(register);
    const table = new TablePdf({
      heading: 'ทะเบียนหนังสือรับ ปี พ.ศ. ๒๕๖๙', subheading: 'กรมบัญชีกลาง', columns: ['เลขทะเบียนรับ', 'ที่', 'เรื่อง'],
      widths: [60, 90, 0], keepTogether: [1], centred: [0], thaiDigits: true, empty: 'ไม่มีรายการ',
    }, out);
    table.add(Array.from({ length: 80 }, (_, i) => [String(i + 1), `ที่ นร ๐๑๐๕/${i + 1}`, 'ขอความร่วมมือสำนักนายกรัฐมนตรี (งบประมาณ)']));
    table.end();
    await finished(out);
    for (const file of [...files.map(([name, pdf]) => saved(pdf, name)), register]) {
      // qpdf exits 0 only with neither error nor warning (2 errors, 3 warnings).
      expect(execFileSync('qpdf', ['--check', file]).toString(), file).toContain('No syntax or stream encoding errors');
    }
  });
});

describe('Thai words kept whole at line ends', () => {
  it('no line of a sample letter ends inside a dictionary word, where Typst alone splits some', () => {
    let before = 0;
    for (const kind of letterKinds) {
      before += splitWords(sampleLetters[kind], 'before').length;
      expect(splitWords(sampleLetters[kind], 'after'), kind).toEqual([]);
    }
    expect(before).toBeGreaterThan(0);
  });

  it('an agency’s own word is kept whole too', () => {
    const word = 'ศูนย์ปฏิบัติการบริหารจัดการน้ำอัจฉริยะ';
    const body = [`ตามที่ได้มีการจัดตั้ง${word}ขึ้นเพื่อสนับสนุนการดำเนินงาน ส่วนราชการในสังกัดขอความร่วมมือจาก${word}ในการประสานข้อมูล และรายงานผลต่อ${word}เป็นประจำ`];
    const widths = [...Array(6).keys()].map((i) => ({ ...sampleLetters.memo, body: [`${'ก'.repeat(i * 3)} ${body[0]}`] }));
    const splitWithout = widths.flatMap((l) => splitWords({ ...l, words: [] }, 'before')).filter((w) => w === word);
    expect(splitWithout.length).toBe(0); // not a dictionary word: not measured without it
    const measured = widths.flatMap((l) => splitWords({ ...l, words: [word] }, 'before')).filter((w) => w === word);
    expect(measured.length).toBeGreaterThan(0);
    expect(widths.flatMap((l) => splitWords({ ...l, words: [word] }, 'after'))).toEqual([]);
    // Words are text, never pattern syntax: brackets, dots and the like print as typed.
    const odd = 'ศูนย์ฯ (กทม.) [ก+ข]*{ค}?^$#&-~\\ง|จ';
    const pdf = renderLetterPdf({ ...sampleLetters.memo, words: [odd], body: [`ขอเชิญ ${odd} เข้าร่วมประชุม`] });
    const file = saved(pdf, 'odd-word');
    expect(execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '')).toContain('(กทม.)[ก+ข]*{ค}?^$#&-~\\ง|จ');
  });
});
