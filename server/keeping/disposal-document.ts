import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import { disposalCommittee, disposalItems, disposalLists, tenants } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { writeTablePdf } from '@/server/documents/table-pdf-thread';
import type { TableSpec } from '@/server/documents/table-pdf';
import { fileSink } from '@/server/documents/file-sink';
import { storeFile } from '@/server/registry/register-export';
import { formatIsoDate, toThaiDigits } from '@/server/shared/thai-date';

type Item = typeof disposalItems.$inferSelect;
type List = typeof disposalLists.$inferSelect;
type Options = { agencyName: string; thaiDigits: boolean; words: string[] };

/** Lines read per transaction. */
const PAGE = 1000;

/** The regulation's columns of บัญชีหนังสือขอทำลาย. */
export const DISPOSAL_COLUMNS = ['ลำดับที่', 'เลขทะเบียน', 'ที่', 'ลงวันที่', 'เรื่อง', 'การพิจารณา', 'หมายเหตุ'];

function consideration(item: Item, o: Options) {
  const date = (d: string) => formatIsoDate(d, { style: 'short', thaiDigits: o.thaiDigits });
  if (item.archivesKeep) return 'กองจดหมายเหตุแห่งชาติขอเก็บไว้';
  if (item.decision === 'destroy') return 'ทำลาย';
  if (item.decision === 'keep') return `เก็บไว้ถึง ${date(item.keepUntilNew!)}`;
  return '';
}

function remarks(item: Item, o: Options) {
  const date = (d: Date) => formatIsoDate(d.toISOString().slice(0, 10), { style: 'short', thaiDigits: o.thaiDigits });
  if (item.destroyedAt) return `ทำลายแล้ว ${date(item.destroyedAt)}`;
  if (item.skippedReason === 'held') return 'ไม่ได้ทำลาย: ถูกระงับการทำลาย';
  if (item.skippedReason === 'in_use') return 'ไม่ได้ทำลาย: ยังดำเนินการอยู่';
  return item.reason ?? '';
}

export function disposalRow(item: Item, o: Options) {
  const digits = (s: string) => (o.thaiDigits ? toThaiDigits(s) : s);
  return [
    digits(String(item.line)),
    digits(item.registerLine),
    item.documentNumber,
    /^\d{4}-\d{2}-\d{2}$/.test(item.letterDate) ? formatIsoDate(item.letterDate, { style: 'short', thaiDigits: o.thaiDigits }) : item.letterDate,
    item.subject === '' ? '(หนังสือลับ เรื่องเข้ารหัสไว้)' : item.subject,
    consideration(item, o),
    remarks(item, o),
  ];
}

/** The list's title and its agency (the committee is named on screen and in the workbook; a heading line does not wrap). */
function heading(list: List, o: Options) {
  const year = (n: number) => (o.thaiDigits ? toThaiDigits(String(n)) : String(n));
  return { heading: `บัญชีหนังสือขอทำลาย ประจำปี พ.ศ. ${year(list.year + 543)}`, subheading: o.agencyName };
}

const cm = 72 / 2.54;

/** Every line of a list, a page per transaction (as the agency: the list is the agency's record). */
async function* itemPages(tenantId: string, listId: string) {
  let after = 0;
  for (;;) {
    const page = await runInTenant({ tenantId, userId: null, system: true }, (tx) => tx.select().from(disposalItems)
      .where(and(eq(disposalItems.tenantId, tenantId), eq(disposalItems.listId, listId), gt(disposalItems.line, after)))
      .orderBy(asc(disposalItems.line)).limit(PAGE));
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.line;
  }
}

async function writePdf(list: List, o: Options, file: string) {
  const t = heading(list, o);
  const spec: TableSpec = {
    ...t, columns: DISPOSAL_COLUMNS, widths: [1.4, 2.6, 3.5, 3.1, 0, 3.0, 3.3].map((w) => w * cm),
    keepTogether: [1, 2, 3], centred: [0], thaiDigits: o.thaiDigits, empty: 'ไม่มีหนังสือที่ครบกำหนดเก็บ', words: o.words,
  };
  async function* rows() {
    for await (const page of itemPages(list.tenantId, list.id)) yield page.map((i) => disposalRow(i, o));
  }
  await writeTablePdf(file, spec, rows());
}

async function writeXlsx(list: List, o: Options, committee: { role: string; name: string; position: string }[], out: Writable) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = o.agencyName;
  const sheet = workbook.addWorksheet(`ขอทำลาย ${list.year + 543}`, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  sheet.columns = [10, 14, 20, 16, 60, 26, 30].map((width) => ({ width }));
  sheet.pageSetup.printTitlesRow = '3:3';
  const font = { name: 'TH Sarabun New' };
  const t = heading(list, o);
  const add = (values: Array<string | number | Date>, f: Partial<ExcelJS.Font>) => {
    const row = sheet.addRow(values);
    row.font = f;
    row.commit();
  };
  add([t.heading], { ...font, bold: true, size: 16 });
  add([t.subheading], { ...font, size: 14 });
  add(DISPOSAL_COLUMNS, { ...font, bold: true });
  for await (const page of itemPages(list.tenantId, list.id)) {
    for (const item of page) {
      const values: Array<string | number | Date> = disposalRow(item, o);
      values[0] = item.line;
      const row = sheet.addRow(values);
      row.font = font;
      row.getCell(1).numFmt = o.thaiDigits ? '[$-D07041E]0' : '0';
      row.commit();
    }
  }
  if (committee.length > 0) {
    add([], font);
    add(['คณะกรรมการทำลายหนังสือ'], { ...font, bold: true });
    for (const m of committee) add(['', m.role === 'chair' ? 'ประธานกรรมการ' : 'กรรมการ', m.name, m.position], font);
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * The list as a PDF (A4 landscape, the regulation's columns) and a workbook, made by the job
 * disposal.document whenever the list changes step, stored beside the agency's files and kept
 * with the list. A version already made is not made again.
 */
export async function writeDisposalDocuments({ tenantId, listId }: { tenantId: string; listId: string }) {
  const scope = { tenantId, userId: null, system: true } as const;
  const found = await runInTenant(scope, async (tx) => {
    const [list] = await tx.select().from(disposalLists).where(and(eq(disposalLists.tenantId, tenantId), eq(disposalLists.id, listId)));
    const [agency] = await tx.select({ nameTh: tenants.nameTh, settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
    const committee = await tx.select({ role: disposalCommittee.role, name: disposalCommittee.name, position: disposalCommittee.position }).from(disposalCommittee)
      .where(and(eq(disposalCommittee.tenantId, tenantId), eq(disposalCommittee.listId, listId))).orderBy(asc(disposalCommittee.role), asc(disposalCommittee.name));
    return list && agency ? { list, agency, committee } : null;
  });
  if (!found || found.list.documentOfVersion >= found.list.documentVersion) return;
  const { list, agency, committee } = found;
  const o: Options = { agencyName: agency.nameTh, thaiDigits: agency.settings.thaiDigits, words: agency.settings.words ?? [] };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'saraban-disposal-'));
  try {
    const version = list.documentVersion;
    const pdf = path.join(dir, 'list.pdf');
    await writePdf(list, o, pdf);
    const xlsx = path.join(dir, 'list.xlsx');
    const out = fileSink(xlsx);
    await writeXlsx(list, o, committee, out);
    await finished(out);
    const base = `tenants/${tenantId}/disposal/${listId}/v${version}`;
    const storedPdf = await storeFile(pdf, `${base}.pdf`, 'pdf');
    const storedXlsx = await storeFile(xlsx, `${base}.xlsx`, 'xlsx');
    await runInTenant(scope, (tx) => tx.update(disposalLists).set({ documents: { pdf: storedPdf, xlsx: storedXlsx }, documentOfVersion: version })
      .where(and(eq(disposalLists.tenantId, tenantId), eq(disposalLists.id, listId), lt(disposalLists.documentOfVersion, version))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
