import { describe, expect, it } from 'vitest';
import { documentNumberKey, highlight, normaliseText, parseQuery, snippet, WordVector, wordsOf } from '@/core/search-text';

describe('the words of Thai text', () => {
  it('cuts running Thai text into words, and a word in the middle of a sentence is one of them', () => {
    expect(wordsOf('ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์')).toEqual(expect.arrayContaining(['ประชุม', 'พัฒนา', 'ระบบ', 'สารบรรณ']));
  });

  it('normalises what people type differently: ำ as ํ+า, a tone mark before its vowel, marks twice, invisible characters, digits, case', () => {
    expect(normaliseText('น\u0E4D\u0E49\u0E32')).toBe(normaliseText('น้ำ'));
    expect(normaliseText('กํา')).toBe('กำ');
    expect(normaliseText('ก\u0E48\u0E34')).toBe('ก\u0E34\u0E48');
    expect(normaliseText('ก่่่า')).toBe('ก่า');
    expect(normaliseText('สาร\u200Bบรรณ\uFEFF')).toBe('สารบรรณ');
    expect(normaliseText('๐๑๒๓๔๕๖๗๘๙')).toBe('0123456789');
    expect(normaliseText('SARABAN Ｓａｒａｂａｎ')).toBe('saraban saraban');
  });

  it('reads a document number as one key, however it is spelled', () => {
    const key = documentNumberKey('นร 0105/123');
    for (const spelling of ['นร0105/123', 'นร. 0105/123', 'นร ๐๑๐๕/๑๒๓', ' นร  0105/123 ']) expect(documentNumberKey(spelling)).toBe(key);
    expect(wordsOf('นร0105/123')).toEqual(wordsOf('นร 0105/123'));
  });

  it('indexes two Thai words written together also as one, so a compound typed whole is found', () => {
    const vector = new WordVector().add('ระบบสารบรรณ', 'B').toString();
    expect(vector).toContain("'ระบบสารบรรณ':1B");
    expect(vector).toContain("'ระบบ':1B");
  });
});

describe('a query', () => {
  it('is every term as a phrase of its words (or, typed together, as one word)', () => {
    expect(parseQuery('ประชุม').tsquery).toBe("'ประชุม'");
    expect(parseQuery('ประชุม สารบรรณ').tsquery).toBe("'ประชุม' & 'สารบรรณ'");
    // Thai words typed together: through the pairs indexed with them, never a phrase read back from every letter.
    expect(parseQuery('คณะกรรมการ').tsquery).toBe("'คณะกรรมการ'");
    expect(parseQuery('ระบบสารบรรณอิเล็กทรอนิกส์').tsquery).toBe("('ระบบสารบรรณ' & 'สารบรรณอิเล็กทรอนิกส์' | 'ระบบสารบรรณอิเล็กทรอนิกส์')");
    expect(parseQuery('0105/123').tsquery).toBe("('0105' <-> '123')");
    expect(parseQuery('นร 0105/123')).toMatchObject({ numberKey: 'นร0105/123' });
    expect(parseQuery('ประชุม').numberKey).toBeNull();
  });

  it('never hands tsquery or LIKE syntax through: marks are punctuation, quotes are quoted', () => {
    expect(parseQuery('& | ! : * ( ) % _ \\').tsquery).toBeNull();
    expect(parseQuery("it's").tsquery).toBe("'it''s'");
    expect(parseQuery("a'b:*").tsquery).not.toContain(':*');
    expect(parseQuery("'; drop table letters; --").tsquery).toBe("'drop' & 'table' & 'letters'");
    expect(parseQuery('ก '.repeat(100)).tsquery!.split('&')).toHaveLength(16);
  });
});

describe('marking the words found', () => {
  it('marks a whole term where it stands whole, with Thai digits found as Arabic', () => {
    expect(highlight('ขอเชิญประชุมคณะกรรมการ', ['คณะกรรมการ', 'คณะ', 'กรรมการ'])).toEqual([
      { text: 'ขอเชิญประชุม', hit: false }, { text: 'คณะกรรมการ', hit: true },
    ]);
    expect(highlight('ภายในวันที่ ๓๐ พฤศจิกายน', ['30'])).toEqual([
      { text: 'ภายในวันที่ ', hit: false }, { text: '๓๐', hit: true }, { text: ' พฤศจิกายน', hit: false },
    ]);
  });

  it('cuts a snippet around the first word found, or none when the words are not in the text', () => {
    const text = `${'ก'.repeat(500)} งบประมาณ ${'ข'.repeat(500)}`;
    const parts = snippet(text, ['งบประมาณ'])!;
    expect(parts[0]).toEqual({ text: '…', hit: false });
    expect(parts.find((p) => p.hit)?.text).toBe('งบประมาณ');
    expect(parts.map((p) => p.text).join('').length).toBeLessThan(200);
    expect(snippet(text, ['ประชุม'])).toBeNull();
  });
});
