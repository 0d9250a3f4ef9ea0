import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { AppError } from '@/core/errors';

/** A cell of a register row: text, or a date when the workbook holds a real date. */
export type Cell = string | Date;

/** Rows an import may have. */
export const MAX_IMPORT_ROWS = 100_000;

/**
 * The rows of a register file, first (the header) included, as the reader finds them: a CSV
 * (UTF-8, a BOM allowed, any column count) or the first sheet of a workbook, read as a stream.
 */
export async function* sheetRows(file: string, format: 'csv' | 'xlsx'): AsyncGenerator<Cell[]> {
  if (format === 'csv') {
    const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }));
    try {
      for await (const record of parser as AsyncIterable<string[]>) yield record.map((c) => c.trim());
    } catch {
      throw new AppError('import_sheet_unreadable');
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]).slice(1);
        yield values.map((v) => cellText(v));
      }
      return;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('import_sheet_unreadable');
  }
}

function cellText(v: unknown): Cell {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('').trim();
    if (o.text !== undefined) return String(o.text).trim();
    if (o.result !== undefined) return cellText(o.result);
    return '';
  }
  return String(v).trim();
}

/** The header row of a register file (for mapping its columns on screen). */
export async function headerOf(file: string, format: 'csv' | 'xlsx') {
  for await (const row of sheetRows(file, format)) return row.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c));
  throw new AppError('import_sheet_empty');
}

/** Bounds of a ZIP of letters' files, checked from its directory before anything is decompressed. */
export type ZipBounds = { maxEntryBytes: number; maxTotalBytes: number; maxRatio: number; maxEntries: number };

export type ZipIndex = { zip: yauzl.ZipFile; entries: Map<string, yauzl.Entry>; close: () => void };

/**
 * The ZIP's directory, its names checked: a path outside its folder (absolute, `..`, a drive or a
 * backslash) or a ZIP bomb (an entry or the whole beyond its bounds, or compressed beyond any
 * scan's ratio) refuses the whole file, before one byte is inflated. Names are kept as written and
 * without the one top folder a zipped folder has.
 */
export async function indexZip(file: string, bounds: ZipBounds): Promise<ZipIndex> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (error, z) => (error || !z ? reject(error) : resolve(z)));
  }).catch(() => { throw new AppError('import_zip_unreadable'); });
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..')) {
          return reject(new AppError('import_zip_unsafe_path', undefined, { file: name.slice(0, 200) }));
        }
        if (!name.endsWith('/')) {
          total += entry.uncompressedSize;
          const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : entry.uncompressedSize > 0 ? Infinity : 1;
          if (entry.uncompressedSize > bounds.maxEntryBytes || total > bounds.maxTotalBytes || (entry.uncompressedSize > 1_048_576 && ratio > bounds.maxRatio)) {
            return reject(new AppError('import_zip_bomb', undefined, { file: name.slice(0, 200) }));
          }
          entries.set(name.normalize('NFC'), entry);
          if (entries.size > bounds.maxEntries) return reject(new AppError('import_zip_bomb'));
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (error: Error) => reject(/relative path|absolute path|invalid characters/i.test(error.message) ? new AppError('import_zip_unsafe_path') : new AppError('import_zip_unreadable')));
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error;
  }
  // A zipped folder: its files are named without it too.
  const tops = new Set([...entries.keys()].map((n) => n.split('/')[0]));
  if (tops.size === 1 && [...entries.keys()].every((n) => n.includes('/'))) {
    for (const [name, entry] of [...entries]) entries.set(name.slice(name.indexOf('/') + 1), entry);
  }
  return { zip, entries, close: () => zip.close() };
}

/** One entry's bytes as a stream (several may be read at once from the one open ZIP); its size checked against the directory as it is read. */
export async function openEntry(index: ZipIndex, entry: yauzl.Entry): Promise<Readable> {
  return new Promise<Readable>((resolve, reject) => index.zip.openReadStream(entry, (error, s) => (error || !s ? reject(error) : resolve(s))));
}
