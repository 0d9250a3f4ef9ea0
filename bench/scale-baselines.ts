/**
 * The baselines of `scale`, measured in the same run as the code they were replaced by:
 * - a register PDF laid out by Typst, as before (the template below, the whole table at once),
 *   against the streaming table writer, on the same lines: milliseconds a line each;
 * - one page of the register (1,000 lines joined to their letters) read as the registry officer
 *   under row-level security, against the same query as the owner with no policy at all.
 */
import { Writable } from 'node:stream';
import type postgres from 'postgres';
import { renderPdf } from '@/server/documents/typst';
import { TablePdf } from '@/server/documents/table-pdf';
import { percentile } from './lib';

const typstTemplate = `
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

const cm = 72 / 2.54;
const columns = ['เลขทะเบียนรับ', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'การปฏิบัติ', 'หมายเหตุ'];
const WORDS = ['ขอเชิญ', 'ประชุม', 'คณะกรรมการ', 'พิจารณา', 'ปรับปรุง', 'ระเบียบ', 'งานสารบรรณ', 'ขอความอนุเคราะห์', 'ส่งผู้แทน', 'เข้าร่วม', 'โครงการ', 'ฝึกอบรม',
  'ข้าราชการ', 'ประจำปีงบประมาณ', 'การจัดซื้อจัดจ้าง', 'รายงานผล', 'การดำเนินงาน', 'ขออนุมัติ', 'เดินทางไปราชการ', 'ต่างประเทศ', 'แจ้งเวียน', 'มาตรการ'];

function lines(count: number) {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: count }, (_, i) => [
    String(i + 1), `ที่ ศธ ๐๔๐๐๑/ว ${i + 1}`, '๑ ม.ค. ๒๕๖๙', 'กรมบัญชีกลาง กระทรวงการคลัง', 'ปลัดสำนักนายกรัฐมนตรี',
    Array.from({ length: 4 + Math.floor(next() * 8) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(''),
    'ส่ง กองกลาง (ดำเนินการ) ๒ ม.ค. ๒๕๖๙ ๐๙:๑๕ น.', '',
  ]);
}

/** The table writer's milliseconds for these rows (to a sink that keeps nothing). */
async function writerMs(rows: string[][]) {
  const sink = new Writable({ write(_chunk, _encoding, done) { done(); } });
  const start = performance.now();
  const table = new TablePdf({ heading: 'ทะเบียนหนังสือรับ ปี พ.ศ. ๒๕๖๙', subheading: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', columns,
    widths: [2.2, 3.3, 2.7, 3.3, 3.0, 0, 3.6, 2.5].map((w) => w * cm), keepTogether: [1, 2], centred: [0], thaiDigits: true, empty: '' }, sink);
  table.add(rows);
  table.end();
  await new Promise((resolve) => sink.on('finish', resolve));
  return performance.now() - start;
}

/** Milliseconds a line: Typst (the whole table in one document) and the table writer (to a sink that keeps nothing). */
export async function pdfLayoutBaseline(count = 3000) {
  await writerMs(lines(200));
  const rows = lines(count);
  const typstStart = performance.now();
  renderPdf(typstTemplate, { heading: 'ทะเบียนหนังสือรับ ปี พ.ศ. ๒๕๖๙', agency: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', columns,
    rows: rows.map((r) => r.map((cell, i) => (i === 1 || i === 2 ? cell.replace(/ /g, '\u00a0') : cell))), pageDigits: Array.from({ length: 500 }, (_, i) => String(i + 1)) });
  const typst = (performance.now() - typstStart) / count;
  const writer = (await writerMs(rows)) / count;
  return { pdf_typst_ms_per_line: Number(typst.toFixed(2)), pdf_writer_ms_per_line: Number(writer.toFixed(2)), pdf_writer_speedup: Number((typst / writer).toFixed(1)) };
}

/** One page of 1,000 register lines with their letters: as the registry officer under RLS, and as the owner without it (p50 of 15 each). */
export async function policyBaseline(owner: postgres.Sql, facts: { tenant: string; registry: string; receive: string }) {
  const page = (tx: postgres.TransactionSql) => tx`
    select e.number, l.subject, l.from_text from register_entries e
      join letters l on l.tenant_id = e.tenant_id and l.id = e.letter_id
     where e.tenant_id = ${facts.tenant} and e.register_id = ${facts.receive} and e.year = 2026 and e.number > 100000
     order by e.number limit 1000`;
  const once = async (scoped: boolean) => {
    const start = performance.now();
    await owner.begin(async (tx) => {
      if (scoped) {
        await tx`select set_config('app.tenant_id', ${facts.tenant}, true), set_config('app.user_id', ${facts.registry}, true),
          set_config('app.units', (select string_agg(unit_id::text, ',') from memberships where tenant_id = ${facts.tenant} and user_id = ${facts.registry}), true)`;
        await tx`set local role saraban_app`;
      }
      const rows = await page(tx);
      if (rows.length !== 1000) throw new Error(`a register page of ${rows.length} lines`);
    });
    return performance.now() - start;
  };
  // Taken in turns, after a warm-up of each, so that neither gains from the other's cache.
  const scoped: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < 18; i++) {
    const [s, p] = [await once(true), await once(false)];
    if (i >= 3) {
      scoped.push(s);
      plain.push(p);
    }
  }
  const withPolicy = percentile(scoped.sort((x, y) => x - y), 50);
  const withoutPolicy = percentile(plain.sort((x, y) => x - y), 50);
  return {
    register_page_rls_ms: Number(withPolicy.toFixed(1)), register_page_no_rls_ms: Number(withoutPolicy.toFixed(1)),
    register_page_rls_ratio: Number((withPolicy / withoutPolicy).toFixed(2)),
  };
}
