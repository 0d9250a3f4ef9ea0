/**
 * `npm run bench -- prefill`: how often a scanned paper letter's details are proposed right.
 * LETTERS (30) one-page letters are written by the project's own templates with varied
 * agencies, kinds (letter, memo), numbers (with and without ว), dates, subjects (one and two
 * lines), addressees, urgency and digits; each is rendered at 300 dpi, turned a little and
 * speckled with noise as a scanner and an old copier would, read as a proposal reads a scan
 * (server/intake/read-letter-head.ts), and its details proposed (server/intake/propose-details.ts).
 * A field is right when it equals the letter's own (digits and spaces aside). The same proposal
 * from the PDF's text layer is reported beside it (the parser without OCR's errors).
 * PREFILL_LETTERS and PREFILL_FIRST choose the letters; PREFILL_SHOW prints what was read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { stopOcr } from '@/server/documents/ocr';
import { readLetterHead } from '@/server/intake/read-letter-head';
import { proposeDetails, type ProposedDetails } from '@/server/intake/propose-details';
import type { LetterDocument } from '@/server/letters/letter-kinds';
import { renderLetterPdf } from '@/server/letters/render-letter';
import { sampleLetters } from '@/server/letters/sample-letters';
import { toArabicDigits } from '@/server/shared/letter-date';
import type { BenchResult } from './run';

const LETTERS = Number(process.env.PREFILL_LETTERS ?? 30);
const FIRST = Number(process.env.PREFILL_FIRST ?? 0);

const agencies = [
  { nameTh: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', address: 'ทำเนียบรัฐบาล ถนนพิษณุโลก เขตดุสิต กรุงเทพฯ ๑๐๓๐๐', code: 'นร', owner: '0105' },
  { nameTh: 'กรมบัญชีกลาง', address: 'ถนนพระรามที่ ๖ แขวงพญาไท เขตพญาไท กรุงเทพฯ ๑๐๔๐๐', code: 'กค', owner: '0401' },
  { nameTh: 'กรมส่งเสริมการปกครองท้องถิ่น', address: 'ถนนนครราชสีมา เขตดุสิต กรุงเทพฯ ๑๐๓๐๐', code: 'มท', owner: '0801' },
  { nameTh: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน', address: 'ถนนราชดำเนินนอก เขตดุสิต กรุงเทพฯ ๑๐๓๐๐', code: 'ศธ', owner: '04001' },
  { nameTh: 'กรมควบคุมโรค', address: 'ถนนติวานนท์ อำเภอเมือง จังหวัดนนทบุรี ๑๑๐๐๐', code: 'สธ', owner: '0402' },
  { nameTh: 'สำนักงานจังหวัดเชียงใหม่', address: 'ศาลากลางจังหวัดเชียงใหม่ ถนนโชตนา อำเภอเมือง จังหวัดเชียงใหม่ ๕๐๓๐๐', code: 'ชม', owner: '0017' },
];

const subjects = [
  'ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์',
  'ขอความอนุเคราะห์ข้อมูลสถิติการเบิกจ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. ๒๕๖๙',
  'ขอความร่วมมือตอบแบบสำรวจความพึงพอใจการให้บริการ',
  'การจัดฝึกอบรมหลักสูตรการบริหารงานสารบรรณสำหรับเจ้าหน้าที่ของส่วนราชการส่วนภูมิภาคและส่วนท้องถิ่น',
  'ขอส่งรายงานผลการดำเนินงานไตรมาสที่ ๔',
  'ขออนุญาตใช้สถานที่จัดกิจกรรม',
  'แจ้งเปลี่ยนแปลงผู้ประสานงานโครงการ',
  'ขอเชิญเข้าร่วมพิธีเปิดศูนย์ราชการสะดวก',
];

const addressees = ['อธิบดีกรมบัญชีกลาง', 'ผู้ว่าราชการจังหวัดเชียงใหม่', 'ปลัดกระทรวงมหาดไทย', 'เลขาธิการคณะกรรมการการศึกษาขั้นพื้นฐาน', 'ผู้อำนวยการกองกลาง', 'นายกเทศมนตรีนครเชียงใหม่'];
const urgencies = ['normal', 'urgent', 'very_urgent', 'most_urgent'] as const;
const fields = ['document_number', 'date', 'subject', 'from', 'to', 'urgency'] as const;

/** The i-th letter of the set: every choice varies with i, so the set is the same from run to run. */
export function letter(i: number): LetterDocument {
  const agency = agencies[i % agencies.length]!;
  const memo = i % 3 === 2;
  const circular = i % 5 === 4;
  const day = 1 + ((i * 7) % 28);
  const month = 1 + ((i * 5) % 12);
  const base = sampleLetters[memo ? 'memo' : 'external'];
  return {
    ...base,
    agency: memo ? { nameTh: `กองกลาง ${agency.nameTh}`, address: '' } : { nameTh: agency.nameTh, address: agency.address },
    documentNumber: `${agency.code} ${agency.owner}${memo ? '.1' : ''}/${circular ? 'ว ' : ''}${17 + i * 37}`,
    date: `${i % 2 === 0 ? 2026 : 2025}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    subject: subjects[i % subjects.length]!,
    addressee: addressees[(i * 5) % addressees.length]!,
    references: i % 4 === 0 ? [] : base.references,
    enclosures: i % 3 === 0 ? [] : base.enclosures,
    body: base.body.slice(0, 2),
    urgency: urgencies[i % urgencies.length]!,
    thaiDigits: i % 4 !== 3,
  };
}

const norm = (s: string) => toArabicDigits(s).replace(/\s+/g, '');

function expected(l: LetterDocument): Record<(typeof fields)[number], string> {
  return { document_number: norm(l.documentNumber), date: l.date, subject: norm(l.subject), from: norm(l.agency.nameTh), to: norm(l.addressee), urgency: l.urgency };
}

function got(p: ProposedDetails): Record<(typeof fields)[number], string> {
  return { document_number: norm(p.documentNumber), date: p.letterDate, subject: norm(p.subject), from: norm(p.fromText), to: norm(p.toText), urgency: p.urgency };
}

/** A scan: page 1 at 300 dpi, grey, turned 0.3–0.8°, with speckles and a little blur. */
export async function scan(pdf: Buffer, dir: string, i: number) {
  const file = path.join(dir, `l${i}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '300', '-f', '1', '-l', '1', '-gray', '-png', file, path.join(dir, `l${i}`)]);
  const png = readFileSync(path.join(dir, `l${i}-1.png`));
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let seed = 1234 + i;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let p = 0; p < data.length; p++) {
    const r = random();
    if (r < 0.004) data[p] = 0;
    else if (r < 0.012) data[p] = 255;
    else data[p] = Math.max(0, Math.min(255, data[p]! + Math.round((random() - 0.5) * 40)));
  }
  return sharp(data, { raw: info }).rotate(0.3 + (i % 6) * 0.1, { background: '#ffffff' }).blur(0.6).png().toBuffer();
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-prefill-'));
  const right = Object.fromEntries(fields.map((f) => [f, 0])) as Record<(typeof fields)[number], number>;
  const layer = { ...right };
  const table: Array<Record<string, unknown>> = [];
  let ocrMs = 0;
  try {
    for (let i = FIRST; i < FIRST + LETTERS; i++) {
      const l = letter(i);
      const pdf = renderLetterPdf(l);
      const want = expected(l);
      const image = await scan(pdf, dir, i);
      const started = performance.now();
      const text = await readLetterHead(image, 'image/png', 120_000);
      if (process.env.PREFILL_SHOW) console.log(text.split('\n').slice(0, 12).join('\n'));
      ocrMs += performance.now() - started;
      const proposal = got(proposeDetails(text));
      const fromLayer = got(proposeDetails(execFileSync('pdftotext', ['-layout', '-l', '1', path.join(dir, `l${i}.pdf`), '-'], { encoding: 'utf8' })));
      const row: Record<string, unknown> = { letter: i + 1, kind: l.kind };
      for (const f of fields) {
        const ok = proposal[f] === want[f];
        if (ok) right[f]++;
        if (fromLayer[f] === want[f]) layer[f]++;
        row[f] = ok ? 'ok' : `${proposal[f] || '∅'} ≠ ${want[f]}`.slice(0, 60);
      }
      table.push(row);
    }
  } finally {
    await stopOcr();
    rmSync(dir, { recursive: true, force: true });
  }
  const accuracy = (n: number) => Math.round((n / LETTERS) * 1000) / 1000;
  table.push({ letter: 'accuracy (OCR)', ...Object.fromEntries(fields.map((f) => [f, accuracy(right[f])])) });
  table.push({ letter: 'accuracy (text layer)', ...Object.fromEntries(fields.map((f) => [f, accuracy(layer[f])])) });
  return {
    figures: {
      prefill: {
        letters: LETTERS,
        ...Object.fromEntries(fields.map((f) => [f, accuracy(right[f])])),
        ...Object.fromEntries(fields.map((f) => [`${f}_text_layer`, accuracy(layer[f])])),
        ocr_ms_per_letter: Math.round(ocrMs / LETTERS),
      },
    },
    table,
  };
}
