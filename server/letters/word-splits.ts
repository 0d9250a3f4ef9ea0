import { letterKinds } from '@/core/letters';
import { agencies, compounds, ministries, places, positions, provinces } from '@/server/shared/thai-dictionary';
import type { LetterDocument } from './letter-kinds';
import { splitWords } from './render-letter';
import { sampleLetters } from './sample-letters';

/** A small seeded generator (mulberry32): the same paragraphs on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const openings = ['ตามที่', 'ด้วย', 'เนื่องด้วย', 'อนึ่ง', 'ในการนี้', 'ทั้งนี้', 'จึงเรียนมาเพื่อโปรดพิจารณา และ'];
const verbs = ['ได้มอบหมายให้', 'ขอความร่วมมือจาก', 'ได้แจ้งให้', 'ขอเชิญ', 'ได้รับรายงานจาก', 'ขอให้'];
const acts = ['ดำเนินการ', 'พิจารณา', 'ประสานงานกับ', 'รายงานผลการดำเนินงานต่อ', 'จัดส่งรายละเอียดให้', 'เข้าร่วมประชุมกับ'];

/**
 * Paragraphs of official Thai for measuring line ends: sentences of the register of
 * official letters, their names drawn (seeded) from every group of the dictionary, in
 * lines of different lengths.
 */
export function officialParagraphs(count: number, seed = 2569): string[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length: count }, () => {
    const sentences = Array.from({ length: 2 + Math.floor(next() * 3) }, () => [
      pick(openings), pick([...agencies, ...ministries]), pick(verbs), pick(positions), pick([...agencies, ...ministries]), pick(acts),
      pick(compounds), 'ณ', `จังหวัด${pick(provinces)}`, 'และ', pick(places), pick(compounds), pick(compounds),
    ].join(next() < 0.5 ? ' ' : ''));
    return sentences.join(' ');
  });
}

/** The letters measured: the sample of every kind, and 200 paragraphs in letters of ten. */
export function measuredLetters(): LetterDocument[] {
  const paragraphs = officialParagraphs(200);
  const kinds = ['external', 'memo', 'order', 'announcement'] as const;
  const generated = Array.from({ length: 20 }, (_, i) => ({ ...sampleLetters[kinds[i % kinds.length]!], body: paragraphs.slice(i * 10, i * 10 + 10) }));
  return [...letterKinds.map((k) => sampleLetters[k]), ...generated];
}

/** Line ends that split a dictionary word over the measured letters, as Typst alone breaks them and as letters are laid out. */
export function countSplits(letters = measuredLetters()) {
  let before = 0;
  const after: string[] = [];
  for (const letter of letters) {
    before += splitWords(letter, 'before').length;
    after.push(...splitWords(letter, 'after'));
  }
  return { before, after: after.length, words: after };
}
