import { describe, expect, it } from 'vitest';
import { draftContent, unbracket } from '@/core/draft-content';

describe("the signer's name", () => {
  it.each([
    ['(นายวิชัย ศรีสง่า)', 'นายวิชัย ศรีสง่า'],
    ['((นายวิชัย ศรีสง่า))', 'นายวิชัย ศรีสง่า'],
    ['  （นางสาวสมศรี ใจดี）  ', 'นางสาวสมศรี ใจดี'],
    ['นายวิชัย ศรีสง่า', 'นายวิชัย ศรีสง่า'],
    // Brackets that are part of the name, not around it, stay.
    ['(นายก) และ (นายข)', '(นายก) และ (นายข)'],
    ['นายวิชัย (รักษาราชการแทน)', 'นายวิชัย (รักษาราชการแทน)'],
    ['', ''],
  ])('%j is kept as %j: the letter prints the brackets itself', (typed, kept) => {
    expect(unbracket(typed)).toBe(kept);
    expect(draftContent.parse({ subject: 'ทดสอบ', signer: { name: typed, position: 'ปลัด' } }).signer).toEqual({ name: kept, position: 'ปลัด' });
  });
});
