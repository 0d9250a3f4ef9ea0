import type { Secrecy, Urgency } from '@/core/letters';
import { months } from '@/server/shared/thai-dictionary';
import { toArabicDigits } from '@/server/shared/letter-date';
import { correctWords } from './ocr-words';

/** What a scanned letter says of itself, for the officer to confirm or correct: each field empty when it was not found. */
export type ProposedDetails = {
  documentNumber: string; letterDate: string; subject: string; fromText: string; toText: string;
  urgency: Urgency; secrecy: Exclude<Secrecy, 'top_secret'>;
};

/** The longest text a field is given (the paper form's bounds). */
const LIMITS = { documentNumber: 100, subject: 500, fromText: 300, toText: 300 };
/** Where the header of a letter ends: its marks, ที่, the letterhead and the date come before เรื่อง. */
const HEADER_LINES = 14;

/**
 * The headings as OCR may read them: a tone mark or an upper vowel missed (ที, ท for ที่; เรือง,
 * เรอง for เรื่อง; สวนราชการ; เรยน), never another word (เรียน is not เรื่อง).
 */
const UPPER = '[\\u0E31\\u0E34-\\u0E37]?[\\u0E48-\\u0E4B]?';
const THI = `ท${UPPER}`;
const SUBJECT = new RegExp(`^เร${UPPER}อ?ง?(?=\\s|$)`);
const DEAR = new RegExp(`^(เร${UPPER}ยน|ถึง)(?=\\s|$)`);
const UNIT = new RegExp(`^(ส${UPPER})?วนราชการ`);
const NUMBER_LINE = new RegExp(`^${THI}\\s*[ก-ฮ]`);
const THI_AT_START = new RegExp(`^${THI}\\s*`);
/** A line that opens with ที่ or วันที่: the heading after เรื่อง, never part of its subject. */
const NEXT_HEADING = new RegExp(`^(${THI}|วันท${UPPER})\\s`);

/** A line as read, OCR's stray marks taken out; ที before a number is ที่ (an ordinal: ไตรมาสที่ ๔), whose tone mark OCR drops; พ.ศ. keeps its points. */
const clean = (line: string) => line.replace(/[|_“”"'`~^*]+/g, ' ').replace(/\s+/g, ' ').replace(/ที(?=\s?[0-9๐-๙])/g, 'ที่')
  // พ.ศ. and ค.ศ. before a year, whose small points OCR drops.
  .replace(/(^|\s)([พค])\.?\s?ศ\.?(?=\s?[0-9๐-๙]{4})/g, '$1$2.ศ.').trim();
const digits = '[0-9๐-๙]';

/**
 * The details a registry officer types from a letter's first page, read from its text (OCR or
 * the text layer): ที่ (the sender's number: ministry letters, owner number, ว for a circular),
 * ลงวันที่ (a Thai date, Buddhist era, in any digits), เรื่อง (its lines up to เรียน), จาก (the
 * letterhead's agency beside ที่, or a memo's ส่วนราชการ), ถึง (after เรียน), and the urgency and
 * secrecy marks above the text. Pure: a proposal, never a record.
 */
export function proposeDetails(text: string, words: readonly string[] = []): ProposedDetails {
  // Known words are put back in the head of the letter (where its details are) before it is parsed.
  const lines = text.split(/\r?\n/).map(clean).filter(Boolean).map((l, n) => (n < HEADER_LINES ? correctWords(l, words) : l));
  const header = lines.slice(0, HEADER_LINES);
  return {
    documentNumber: documentNumberOf(lines),
    letterDate: dateOf(lines),
    subject: subjectOf(lines),
    fromText: fromOf(lines, words),
    toText: addresseeOf(lines),
    urgency: urgencyOf(header),
    secrecy: secrecyOf(header),
  };
}

/** "นร 0105/ว 123", "กค ๐๔๐๑.๒/๑๒๓": letters of the ministry, the owner number, an optional ว, the number. */
const NUMBER = new RegExp(`([ก-ฮ]{1,3}(?:\\.[ก-ฮ]{1,2})?)\\s*(${digits}{2,5}(?:\\s?\\.\\s?${digits}{1,3})*)\\s*/\\s*(ว\\s*)?(${digits}{1,6})`);

function documentNumberOf(lines: string[]) {
  // The line that begins with ที่ (a memo's may go on with วันที่), else the first number of that shape.
  const line = lines.find((l) => NUMBER_LINE.test(l) && NUMBER.test(l)) ?? lines.find((l) => NUMBER.test(l));
  const m = line ? NUMBER.exec(line) : null;
  if (!m) return '';
  const [, ministry, owner, circular, number] = m;
  return `${ministry} ${owner!.replace(/\s+/g, '')}/${circular ? 'ว ' : ''}${number}`.slice(0, LIMITS.documentNumber);
}

/** Month names as letters abbreviate them (ม.ค. … ธ.ค.), in the months' order. */
const SHORT = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
const escape = (s: string) => s.replace(/\./g, '\\.\\s?');
const DATE = new RegExp(`(${digits}{1,2})\\s*(${[...months, ...SHORT.map(escape)].join('|')})\\s*(?:พ\\.\\s*ศ\\.\\s*)?(${digits}{4})`);

function dateOf(lines: string[]) {
  // The letter's own date is above เรื่อง; a date in the text below is another (a meeting's, a letter referred to).
  const subject = lines.findIndex((l) => SUBJECT.test(l));
  for (const line of lines.slice(0, subject >= 0 ? subject : HEADER_LINES)) {
    const m = DATE.exec(line);
    if (!m) continue;
    const day = Number(toArabicDigits(m[1]!));
    const named = m[2]!.replace(/\s+/g, '');
    const month = (months.includes(named) ? months.indexOf(named) : SHORT.indexOf(named)) + 1;
    const year = Number(toArabicDigits(m[3]!)) - 543;
    const date = new Date(Date.UTC(year, month - 1, day));
    if (month < 1 || year < 1900 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) continue;
    return date.toISOString().slice(0, 10);
  }
  return '';
}

const STARTS_BODY = /^(อ้างถึง|สิ่งที่ส่งมาด้วย|ด้วย|ตาม|เนื่องด้วย)(?=\s|$)/;

function subjectOf(lines: string[]) {
  const at = lines.findIndex((l) => SUBJECT.test(l) && l.replace(SUBJECT, '').trim() !== '');
  if (at < 0) return '';
  const parts = [lines[at]!.replace(SUBJECT, '').trim()];
  // A long subject goes on to the next line, up to เรียน.
  for (const next of lines.slice(at + 1, at + 3)) {
    if (DEAR.test(next) || STARTS_BODY.test(next) || NEXT_HEADING.test(next)) break;
    // A line of OCR's noise (a rule, a stamp's edge) is no part of it.
    if ((next.match(/[ก-ฮ]/g) ?? []).length < 2 || (next.match(/[ก-๛]/g) ?? []).length < next.replace(/\s/g, '').length * 0.8) break;
    parts.push(next);
  }
  // A line of Thai broken between two words had no space there (Thai writes none between words).
  return parts.reduce((s, p) => (/[ก-๙]$/.test(s) && /^[ก-๙]/.test(p) ? s + p : `${s} ${p}`)).slice(0, LIMITS.subject);
}

function addresseeOf(lines: string[]) {
  const line = lines.find((l) => DEAR.test(l) && l.replace(DEAR, '').trim() !== '');
  return line ? line.replace(DEAR, '').trim().slice(0, LIMITS.toText) : '';
}

/** Words that open an agency's name on a letterhead. */
const AGENCY = /^(สำนักงาน|สำนัก|กระทรวง|กรม|กอง|ศูนย์|สถาบัน|องค์การ|องค์กร|มหาวิทยาลัย|โรงเรียน|โรงพยาบาล|เทศบาล|ที่ว่าการ|ศาลากลาง|จังหวัด|คณะ|ราชบัณฑิต|สภา|ธนาคาร|การ[ก-๙]+แห่งประเทศไทย)/;

/** Words that open a line of an address. */
const ADDRESS = /^(ถนน|ถ\.|ซอย|ซ\.|ตำบล|ต\.|อำเภอ|อ\.|แขวง|เขต|จังหวัด|จ\.|กรุงเทพ|เลขที่|หมู่|ศาลากลาง|ทำเนียบ|ตู้ ?ปณ|โทร)/;

function fromOf(lines: string[], words: readonly string[]) {
  // A memo names its ส่วนราชการ (up to its telephone number).
  const memo = lines.find((l) => UNIT.test(l) && l.replace(UNIT, '').trim() !== '');
  if (memo) return memo.replace(UNIT, '').trim().replace(/\s*(โทร|โทรศัพท์)[.\s].*$/, '').slice(0, LIMITS.fromText);
  // A letter's letterhead: beside ที่ on its line, or the first agency-like line after it.
  const at = lines.findIndex((l) => NUMBER_LINE.test(l) && NUMBER.test(l));
  if (at >= 0) {
    const beside = lines[at]!.replace(THI_AT_START, '').replace(NUMBER, '').trim();
    // The letterhead beside ที่ (the regulation's layout), whatever word it opens with; a long name goes on to its next line (short, and not yet the address).
    const next = lines[at + 1] ?? '';
    const wrapped = next.length <= 20 && !/[0-9๐-๙]/.test(next) && !ADDRESS.test(next) && !AGENCY.test(next) && !SUBJECT.test(next);
    if ((beside.match(/[ก-ฮ]/g) ?? []).length >= 4) return correctWords(wrapped ? beside + next : beside, words).slice(0, LIMITS.fromText);
    const below = lines.slice(at + 1, at + 3).find((l) => AGENCY.test(l));
    if (below) return below.slice(0, LIMITS.fromText);
  }
  const any = lines.slice(0, HEADER_LINES).find((l) => AGENCY.test(l) && !SUBJECT.test(l) && !DEAR.test(l));
  return any ? any.slice(0, LIMITS.fromText) : '';
}

/** The marks as OCR reads large red type: its tone marks and upper vowels are often missed (ดวนทสุด). */
const MOST_URGENT = new RegExp(`ด${UPPER}วน\\s*ท${UPPER}\\s*ส[ุู]?ด`);
const VERY_URGENT = new RegExp(`ด${UPPER}วน\\s*มาก`);
const URGENT = new RegExp(`(^|\\s)ด${UPPER}วน(?=\\s|$)`);

function urgencyOf(header: string[]): Urgency {
  const text = header.join(' ');
  if (MOST_URGENT.test(text)) return 'most_urgent';
  if (VERY_URGENT.test(text)) return 'very_urgent';
  if (header.some((l) => URGENT.test(l))) return 'urgent';
  return 'normal';
}

const SECRET = new RegExp(`^ล${UPPER}บ\\s*มาก$`);
const CONFIDENTIAL = new RegExp(`^ล${UPPER}บ$`);

function secrecyOf(header: string[]): ProposedDetails['secrecy'] {
  // A mark is a line of its own (ลับ within a sentence is not one).
  if (header.some((l) => SECRET.test(l))) return 'secret';
  if (header.some((l) => CONFIDENTIAL.test(l))) return 'confidential';
  return 'normal';
}
