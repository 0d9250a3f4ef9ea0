import { describe, expect, it } from 'vitest';
import { cleanWord, dictionary, findWords, finerPieces, innerParts, linePieces, wordsFor, wordsIn } from '@/server/shared/thai-words';

const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
const icu = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);

describe('Thai words kept whole', () => {
  it('finds the longest dictionary word first, never overlapping', () => {
    const dict = wordsFor();
    const text = 'ทำเนียบรัฐบาล ถนนพิษณุโลก เขตดุสิต กรุงเทพฯ ถึงสำนักงานปลัดสำนักนายกรัฐมนตรี';
    expect(findWords(text, dict).map((s) => s.word)).toEqual(['ทำเนียบรัฐบาล', 'ถนนพิษณุโลก', 'เขตดุสิต', 'กรุงเทพฯ', 'สำนักงานปลัดสำนักนายกรัฐมนตรี']);
  });

  it('matches only where a word may begin and end: not before a mark or a following vowel, not after a leading vowel', () => {
    const dict = dictionary(['กลาง', 'ราชการ', 'นา']);
    // "กลาง" inside "เกลา…" would start after the leading vowel เ; "นา" in "นาฬิกา" is a word start, in "นาำ" it is not.
    expect(findWords('เกลางาน', dict)).toEqual([]);
    expect(findWords('ส่วนราชการส่วนกลาง', dict).map((s) => s.word)).toEqual(['ราชการ', 'กลาง']);
    expect(findWords('ราชการิ', dict)).toEqual([]);
  });

  it('refuses entries that cannot be words: too short, not Thai, starting with a mark, ending with a leading vowel', () => {
    expect(cleanWord('ก')).toBeNull();
    expect(cleanWord('Saraban')).toBeNull();
    expect(cleanWord('\u0E34กลาง')).toBeNull();
    expect(cleanWord('กลางเ')).toBeNull();
    expect(cleanWord('  ศูนย์ราชการ   แจ้งวัฒนะ ')).toBe('ศูนย์ราชการ แจ้งวัฒนะ');
  });

  it('joins the segmenter’s pieces that a dictionary word spans, and keeps brackets and punctuation on their word', () => {
    const dict = wordsFor();
    const text = 'ถึงสำนักนายกรัฐมนตรี (อิเล็กทรอนิกส์) ขอบคุณ';
    const pieces = linePieces(text, dict);
    expect(pieces.join('')).toBe(text);
    expect(icu('สำนักนายกรัฐมนตรี')).toEqual(['สำนัก', 'นายก', 'รัฐมนตรี']); // the segmenter alone splits it
    expect(pieces).toContain('สำนักนายกรัฐมนตรี');
    expect(pieces).toContain('(อิเล็กทรอนิกส์)');
    expect(pieces.some((p) => p.startsWith('ขอบคุณ'))).toBe(true);
  });

  it('an agency’s words and a letter’s names join the built-in dictionary', () => {
    const own = 'ศูนย์ปฏิบัติการบริหารจัดการน้ำอัจฉริยะ';
    expect(findWords(`ขอเชิญ${own}`, wordsFor()).map((s) => s.word)).not.toContain(own);
    expect(findWords(`ขอเชิญ${own}`, wordsFor([own])).map((s) => s.word)).toContain(own);
    const named = wordsFor([], ['นายสมศักดิ์ ทองประเสริฐ']);
    expect(findWords('ลงชื่อ นายสมศักดิ์ ทองประเสริฐ', named).map((s) => s.word)).toEqual(['นายสมศักดิ์ ทองประเสริฐ']);
    expect(findWords('ทองประเสริฐ', named).map((s) => s.word)).toEqual(['ทองประเสริฐ']);
  });

  it('cuts a word too wide for its line between the dictionary words inside it', () => {
    const dict = wordsFor();
    expect(innerParts('สำนักงานปลัดสำนักนายกรัฐมนตรี', dict)).toEqual([['สำนักงาน', false], ['ปลัดสำนักนายกรัฐมนตรี', true]]);
    expect(finerPieces('ระบบสารบรรณอิเล็กทรอนิกส์', dict)).toEqual(['ระบบ', 'สารบรรณ', 'อิเล็กทรอนิกส์']);
    const found = wordsIn(['ที่ทำเนียบรัฐบาล', 'จังหวัดลำปาง'], dict);
    expect([...found.keys()]).toEqual(['ทำเนียบรัฐบาล', 'จังหวัดลำปาง']);
  });
});
