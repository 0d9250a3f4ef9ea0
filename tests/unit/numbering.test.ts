import { describe, expect, it } from 'vitest';
import { formatDocumentNumber, numberSeries } from '@/server/sending/numbering';

describe('document numbers on signing', () => {
  it('letters take the send register, circulars the ว sequence, orders and announcements their own; the rest none', () => {
    expect(numberSeries('external', false)).toBe('send');
    expect(numberSeries('memo', true)).toBe('circular');
    expect(numberSeries('order', true)).toBe('order');
    expect(numberSeries('announcement', false)).toBe('announcement');
    expect(numberSeries('minutes', false)).toBeNull();
    expect(numberSeries('regulation', false)).toBeNull();
  });

  it('prints the code, owner number and running number; orders with the Buddhist-era year', () => {
    const owner = { ministryCode: 'นร', ownerNumber: '0105' };
    expect(formatDocumentNumber('send', owner, 123, 2026)).toBe('นร 0105/123');
    expect(formatDocumentNumber('circular', owner, 45, 2026)).toBe('นร 0105/ว 45');
    expect(formatDocumentNumber('order', owner, 12, 2026)).toBe('12/2569');
  });
});
