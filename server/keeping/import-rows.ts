import { parseBuddhistDate, toArabicDigits } from '@/server/shared/letter-date';
import type { Cell } from './import-files';

/**
 * The fields of a receive register line as the regulation's columns give them (ทะเบียนหนังสือรับ),
 * what an import maps its columns to. The required ones make a letter; the others are kept if given.
 */
export const importFields = ['number', 'registeredOn', 'documentNumber', 'letterDate', 'fromText', 'toText', 'subject', 'actions', 'remarks', 'files'] as const;
export type ImportField = (typeof importFields)[number];
export const requiredImportFields: readonly ImportField[] = ['number', 'registeredOn', 'documentNumber', 'letterDate', 'fromText', 'toText', 'subject'];

/** Column headings the previous systems use for each field (guessed on screen, changed by the admin). */
const headings: Record<ImportField, RegExp> = {
  number: /^(เลข(ทะเบียน)?(รับ|ส่ง)|เลขทะเบียน|ทะเบียน(รับ|ส่ง)|เลขที่(รับ|ส่ง)|register\s*no)/i,
  registeredOn: /^(วันที่(ลง)?(รับ|ส่ง)|ลงรับวันที่|received|sent|วันที่ลงทะเบียน)/i,
  documentNumber: /^(ที่|เลขที่หนังสือ|เลขที่|document\s*no|number)$/i,
  letterDate: /^(ลงวันที่|วันที่หนังสือ|dated|letter\s*date)/i,
  fromText: /^(จาก|from)/i,
  toText: /^(ถึง|to)$/i,
  subject: /^(เรื่อง|subject)/i,
  actions: /^(การปฏิบัติ|action)/i,
  remarks: /^(หมายเหตุ|remarks?)/i,
  files: /^(ไฟล์|แฟ้ม|files?|เอกสารแนบ)/i,
};

export type ImportMapping = Partial<Record<ImportField, number | null>>;

/** The mapping guessed from the header row: each field to the first column whose heading names it. */
export function guessMapping(columns: readonly string[]): ImportMapping {
  const taken = new Set<number>();
  const mapping: ImportMapping = {};
  for (const field of importFields) {
    const i = columns.findIndex((c, j) => !taken.has(j) && headings[field].test(c.trim()));
    mapping[field] = i >= 0 ? i : null;
    if (i >= 0) taken.add(i);
  }
  return mapping;
}

/** A mapping the import can run with: every required field to a column of the file, no column twice. */
export function mappingProblem(mapping: ImportMapping, columnCount: number): string | null {
  const used = Object.values(mapping).filter((v): v is number => typeof v === 'number');
  if (used.some((i) => i < 0 || i >= columnCount) || new Set(used).size !== used.length) return 'import_mapping_invalid';
  if (requiredImportFields.some((f) => typeof mapping[f] !== 'number')) return 'import_mapping_incomplete';
  return null;
}

export type ImportRow = {
  row: number; number: number; registeredOn: string; documentNumber: string; letterDate: string; fromText: string; toText: string;
  subject: string; actions: string; remarks: string; files: string[];
};
export type RowProblem = { row: number; reason: string; detail?: string };

const LIMITS = { documentNumber: 100, fromText: 500, toText: 500, subject: 1000, actions: 1000, remarks: 1000 } as const;

/** A date as the register wrote it: a workbook's date, or day/month/Buddhist-era year ("24/11/2569"). */
function dateOf(cell: Cell | undefined, field: ImportField): { iso: string } | { reason: string; detail: string } {
  if (cell instanceof Date) {
    // A workbook date whose year is already Buddhist (2569) was typed as such: read it back as one.
    const y = cell.getUTCFullYear();
    const ce = y > 2400 ? y - 543 : y;
    return { iso: `${ce}-${String(cell.getUTCMonth() + 1).padStart(2, '0')}-${String(cell.getUTCDate()).padStart(2, '0')}` };
  }
  const parsed = parseBuddhistDate(String(cell ?? ''));
  if (parsed.ok) return { iso: parsed.iso };
  return { reason: parsed.error === 'date_looks_christian' ? 'import_date_christian' : 'import_date_invalid', detail: field };
}

/** One line of the register as a letter to import, or why it cannot be one. `row` counts from 1 at the header. */
export function parseImportRow(cells: Cell[], row: number, mapping: ImportMapping): ImportRow | RowProblem {
  const text = (f: ImportField) => {
    const i = mapping[f];
    const c = typeof i === 'number' ? cells[i] : undefined;
    return c instanceof Date ? c.toISOString().slice(0, 10) : String(c ?? '').trim();
  };
  for (const f of requiredImportFields) if (!text(f)) return { row, reason: 'import_field_missing', detail: f };
  const numberText = toArabicDigits(text('number')).replace(/\/.*$/, '').trim();
  if (!/^\d{1,7}$/.test(numberText) || Number(numberText) < 1) return { row, reason: 'import_number_invalid', detail: text('number') };
  const registered = dateOf(cells[mapping.registeredOn!], 'registeredOn');
  if ('reason' in registered) return { row, ...registered };
  const dated = dateOf(cells[mapping.letterDate!], 'letterDate');
  if ('reason' in dated) return { row, ...dated };
  for (const [f, max] of Object.entries(LIMITS) as Array<[keyof typeof LIMITS, number]>) {
    if (text(f).length > max) return { row, reason: 'import_field_too_long', detail: f };
  }
  const files = text('files').split(/[;\n]/).map((s) => s.trim().normalize('NFC')).filter(Boolean);
  if (files.length > 20) return { row, reason: 'too_many_files' };
  return {
    row, number: Number(numberText), registeredOn: registered.iso, documentNumber: text('documentNumber'), letterDate: dated.iso,
    fromText: text('fromText'), toText: text('toText'), subject: text('subject'), actions: text('actions'), remarks: text('remarks'), files,
  };
}

/** Lines that share a year and number: none of them is taken (which is the register's is not for the system to guess). */
export function duplicateNumbers(rows: readonly ImportRow[]): Set<number> {
  const seen = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.registeredOn.slice(0, 4)}:${r.number}`;
    seen.set(key, [...(seen.get(key) ?? []), r.row]);
  }
  return new Set([...seen.values()].filter((rowsOf) => rowsOf.length > 1).flat());
}
