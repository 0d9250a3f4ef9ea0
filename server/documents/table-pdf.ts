import path from 'node:path';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
// Relative: this module also runs on a worker thread (table-pdf-worker.mjs).
import { finerPieces, linePieces, wordsFor, type Dictionary } from '../shared/thai-words';

/**
 * A long table as PDF, written page by page as its rows arrive (pdfkit: each page leaves memory
 * once the next begins), for documents of tens of thousands of lines such as a year's register.
 * Thai is shaped by fontkit (marks above and below their letters) and broken into lines between
 * words (Intl.Segmenter), never inside a dictionary word (server/shared/thai-words.ts); a row is never split across two pages, and the column headings are
 * repeated on every page. Runs on a worker thread (table-pdf-thread.ts), not the request thread.
 */
export type TableSpec = {
  heading: string;
  subheading: string;
  columns: string[];
  /** Column widths in points; a width of 0 takes what is left of the line. */
  widths: number[];
  /** Columns whose text is one unit (a document number, a date): broken only when it cannot fit. */
  keepTogether: number[];
  /** Columns that list items (people and units with what each was given): broken only between the items, a name never split. */
  phrases?: number[];
  /** Centred columns (a number). */
  centred: number[];
  /** Page numbers in Thai digits. */
  thaiDigits: boolean;
  /** Printed when there are no rows at all. */
  empty: string;
  /** The agency's own words kept whole at line ends, beside the built-in dictionary. */
  words?: string[];
};

const fontDir = path.join(process.cwd(), 'node_modules', '@expo-google-fonts', 'sarabun');
const REGULAR = path.join(fontDir, '400Regular', 'Sarabun_400Regular.ttf');
const BOLD = path.join(fontDir, '700Bold', 'Sarabun_700Bold.ttf');

/** A4 landscape, margins as the register's paper form: 2 cm binding side, 1.5 cm elsewhere. */
const PAGE = { width: 841.89, height: 595.28, left: 56.7, right: 42.5, top: 42.5, bottom: 42.5 };
const SIZE = 12;
const LINE = SIZE * 1.45;
const PAD = 4;
const FOOTER = 20;
/** The shaping cache is emptied every so many pages: a year of distinct subjects would otherwise fill it without bound. */
const CACHE_PAGES = 50;

const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });
const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

type EmbeddedFont = { layoutCache: object; font: { unitsPerEm: number; glyphForCodePoint(c: number): { advanceWidth: number } } };

export class TablePdf {
  private readonly doc: PDFKit.PDFDocument;
  private readonly widths: number[];
  private readonly x: number[];
  private readonly advance = new Map<string, Map<number, number>>();
  private readonly faces: Record<'regular' | 'bold', EmbeddedFont>;
  private y = 0;
  private page = 0;
  private rows = 0;
  private readonly dict: Dictionary;

  constructor(private readonly spec: TableSpec, out: Writable) {
    this.dict = wordsFor(spec.words ?? []);
    this.doc = new PDFDocument({
      size: 'A4', layout: 'landscape', autoFirstPage: false, compress: true,
      // pdfkit keeps the shaping of every distinct run of text (cleared every CACHE_PAGES pages below).
      fontLayoutCache: true,
      info: { Title: spec.heading, Author: spec.subheading },
      displayTitle: true, lang: 'th-TH',
    });
    this.doc.registerFont('regular', REGULAR);
    this.doc.registerFont('bold', BOLD);
    // pdfkit's embedded fonts (their fontkit faces and shaping caches), which its typings do not describe.
    const embedded = (font: 'regular' | 'bold') => (this.doc.font(font) as unknown as { _font: EmbeddedFont })._font;
    this.faces = { regular: embedded('regular'), bold: embedded('bold') };
    this.doc.pipe(out);
    const usable = PAGE.width - PAGE.left - PAGE.right;
    const fixed = spec.widths.reduce((a, b) => a + b, 0);
    this.widths = spec.widths.map((w) => (w === 0 ? usable - fixed : w));
    this.x = this.widths.map((_, i) => PAGE.left + this.widths.slice(0, i).reduce((a, b) => a + b, 0));
    this.newPage(true);
  }

  /** Adds rows (each one string per column), starting a page whenever the next row does not fit. */
  add(rows: string[][]) {
    for (const row of rows) {
      const cells = row.map((text, i) => this.wrap(text, i));
      // A row taller than a page (never a real one) is cut to what one page holds under its headings.
      const maxLines = Math.floor((PAGE.height - PAGE.bottom - FOOTER - PAGE.top - 2 * LINE - 4 * PAD) / LINE);
      const lines = Math.min(maxLines, Math.max(1, ...cells.map((c) => c.length)));
      const height = lines * LINE + 2 * PAD;
      if (this.y + height > PAGE.height - PAGE.bottom - FOOTER) this.newPage(false);
      // What does not fit is marked as cut, not dropped unseen.
      this.drawRow(cells.map((c) => (c.length > lines ? [...c.slice(0, lines - 1), `${c[lines - 1]!.slice(0, -1)}…`] : c)), height, 'regular');
      this.rows++;
    }
  }

  /** Finishes the document; the output stream ends when the last byte is written. */
  end() {
    if (this.rows === 0) {
      this.doc.font('regular').fontSize(SIZE);
      this.text(this.spec.empty, PAGE.left + (PAGE.width - PAGE.left - PAGE.right - this.width(this.spec.empty)) / 2, this.y + PAD);
    }
    this.doc.end();
    return this.page;
  }

  private newPage(first: boolean) {
    this.doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
    this.page++;
    if (this.page % CACHE_PAGES === 0) {
      for (const face of Object.values(this.faces)) face.layoutCache = Object.create(null) as object;
    }
    this.y = PAGE.top;
    const centred = (text: string, font: 'regular' | 'bold', size: number, y: number) => {
      this.doc.font(font).fontSize(size);
      this.text(text, PAGE.left + (PAGE.width - PAGE.left - PAGE.right - this.width(text, font, size)) / 2, y);
    };
    if (first) {
      centred(this.spec.heading, 'bold', 18, this.y);
      this.y += 18 * 1.6;
      centred(this.spec.subheading, 'regular', 14, this.y);
      this.y += 14 * 1.6 + 6;
    }
    const number = String(this.page);
    centred(`- ${this.spec.thaiDigits ? number.replace(/\d/g, (d) => THAI_DIGITS[Number(d)]!) : number} -`, 'regular', SIZE, PAGE.height - PAGE.bottom - SIZE);
    const headings = this.spec.columns.map((c, i) => this.wrap(c, i, 'bold'));
    this.drawRow(headings, Math.max(...headings.map((h) => h.length)) * LINE + 2 * PAD, 'bold', true);
  }

  private drawRow(cells: string[][], height: number, font: 'regular' | 'bold', heading = false) {
    const doc = this.doc;
    doc.lineWidth(0.5).rect(PAGE.left, this.y, this.widths.reduce((a, b) => a + b, 0), height).stroke();
    for (let i = 1; i < this.x.length; i++) doc.moveTo(this.x[i]!, this.y).lineTo(this.x[i]!, this.y + height).stroke();
    doc.font(font).fontSize(SIZE);
    cells.forEach((lines, i) => {
      lines.forEach((line, n) => {
        const width = this.width(line, font);
        const centred = heading || this.spec.centred.includes(i);
        const left = this.x[i]! + (centred ? Math.max(PAD, (this.widths[i]! - width) / 2) : PAD);
        this.text(line, left, this.y + PAD + n * LINE);
      });
    });
    this.y += height;
  }

  /**
   * One line of text. Thai is drawn as shaped glyphs (a vowel split in two, marks moved onto their
   * letters), which text extraction cannot map back one glyph at a time: the line's own text goes
   * with it (ActualText), so copying and searching the PDF finds what was written.
   */
  private text(line: string, x: number, y: number) {
    const thai = /[\u0e00-\u0e7f]/.test(line);
    if (thai) this.doc.markContent('Span', { actual: line } as never);
    this.doc.text(line, x, y, { lineBreak: false });
    if (thai) this.doc.endMarkedContent();
  }

  /** The width of text in points, from each character's advance (Thai marks take none). */
  private width(text: string, font: 'regular' | 'bold' = 'regular', size = SIZE) {
    let advances = this.advance.get(font);
    if (!advances) this.advance.set(font, advances = new Map());
    const face = this.faces[font].font;
    let units = 0;
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      let a = advances.get(code);
      if (a === undefined) advances.set(code, a = face.glyphForCodePoint(code).advanceWidth);
      units += a;
    }
    return (units * size) / face.unitsPerEm;
  }

  /** A cell's text broken into lines that fit its column: between words, or within one that is wider than the column. */
  private wrap(text: string, column: number, font: 'regular' | 'bold' = 'regular') {
    const room = this.widths[column]! - 2 * PAD;
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      if (this.width(paragraph, font) <= room) {
        lines.push(paragraph);
        continue;
      }
      const pieces = this.spec.keepTogether.includes(column) ? [paragraph]
        : this.spec.phrases?.includes(column) ? paragraph.split(/(?<=, |; )/) : linePieces(paragraph, this.dict);
      let line = '';
      while (pieces.length > 0) {
        const piece = pieces.shift()!;
        if (this.width(line + piece, font) <= room) {
          line += piece;
          continue;
        }
        // An item wider than the column: broken at its spaces (between a name and a surname), never inside a name.
        if (this.spec.phrases?.includes(column) && this.width(piece.trim(), font) > room && /\S\s+\S/.test(piece.trim())) {
          pieces.unshift(...piece.split(/(?<=\s)(?=\S)/));
          continue;
        }
        // A word wider than the column: broken between the words inside it, if it has any.
        if (!this.spec.keepTogether.includes(column) && this.width(piece.trim(), font) > room) {
          const finer = finerPieces(piece, this.dict);
          if (finer.length > 1) {
            pieces.unshift(...finer);
            continue;
          }
        }
        if (line.trim()) lines.push(line.trimEnd());
        line = piece.trimStart();
        // One word wider than the column, with no word inside it: broken between its letters (never between a letter and its marks).
        while (this.width(line, font) > room) {
          let head = '';
          for (const { segment } of graphemes.segment(line)) {
            if (head && this.width(head + segment, font) > room) break;
            head += segment;
          }
          lines.push(head);
          line = line.slice(head.length);
        }
      }
      if (line.trim() || lines.length === 0) lines.push(line.trimEnd());
    }
    return lines;
  }
}
