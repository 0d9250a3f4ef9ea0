import { describe, expect, it } from 'vitest';
import { buddhistYear, formatDate, formatIsoDate, toThaiDigits } from '@/server/shared/thai-date';

// 24 November 2026, 10:30 in Bangkok.
const moment = new Date('2026-11-24T03:30:00Z');

describe('Buddhist-era dates', () => {
  it('prints the full Thai month and the BE year without leading zero', () => {
    expect(formatDate(new Date('2026-01-05T03:00:00Z'))).toBe('5 มกราคม 2569');
  });

  it('prints Thai digits when the agency uses them', () => {
    expect(formatDate(moment, { thaiDigits: true })).toBe('๒๔ พฤศจิกายน ๒๕๖๙');
  });

  it('prints the short style', () => {
    expect(formatDate(moment, { style: 'short' })).toBe('24 พ.ย. 2569');
  });

  it('uses Bangkok time, not UTC, to decide the day', () => {
    expect(formatDate(new Date('2026-11-24T18:00:00Z'))).toBe('25 พฤศจิกายน 2569');
  });

  it('adds the time with น.', () => {
    expect(formatDate(moment, { withTime: true, style: 'short' })).toBe('24 พ.ย. 2569 10:30 น.');
  });

  it('speaks English with the BE year', () => {
    expect(formatDate(moment, { locale: 'en', style: 'short' })).toBe('24 Nov 2569 BE');
  });

  it('prints a calendar date as that day, whatever the time zone', () => {
    expect(formatIsoDate('2026-01-01', { thaiDigits: true })).toBe('๑ มกราคม ๒๕๖๙');
  });

  it('converts only digits to Thai digits', () => {
    expect(toThaiDigits('ที่ นร 0105/123')).toBe('ที่ นร ๐๑๐๕/๑๒๓');
  });

  it('gives the BE year of the Bangkok calendar year', () => {
    expect(buddhistYear(new Date('2026-12-31T16:59:59Z'))).toBe(2569);
    expect(buddhistYear(new Date('2026-12-31T17:00:00Z'))).toBe(2570);
  });
});
