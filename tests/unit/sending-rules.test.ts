import { describe, expect, it } from 'vitest';
import { actsForUnit, mayEdit, mayReview, mayRevise, maySend, maySign, maySubmit, routeRefusal, type LetterFacts, type PersonFacts } from '@/server/sending/sending-rules';

const author = 'author', reviewer = 'reviewer', signer = 'signer', other = 'other';
const ownUnit = 'unit-central', root = 'unit-root', elsewhere = 'unit-finance';
const letter = (over: Partial<LetterFacts> = {}): LetterFacts => ({
  createdBy: author, unitId: ownUnit, state: 'draft', signedAt: null, signedBy: null, supersededBy: null, ...over,
});
const person = (userId: string, actingUnitId: string | null, rights: Array<'send' | 'sign'> = []): PersonFacts => ({
  userId, actingUnitId, mayAct: (p) => rights.includes(p),
});

describe('who may do what with an outgoing letter', () => {
  it('the author edits and submits a draft or a returned one, nobody else', () => {
    for (const state of ['draft', 'returned']) {
      expect([mayEdit(letter({ state }), author, null), maySubmit(letter({ state }), author)]).toEqual([true, true]);
      expect([mayEdit(letter({ state }), other, null), maySubmit(letter({ state }), other)]).toEqual([false, false]);
    }
    expect([mayEdit(letter({ state: 'in_review' }), author, { userId: reviewer, action: 'review' }), maySubmit(letter({ state: 'in_review' }), author)]).toEqual([false, false]);
  });

  it('in review, the person on the current step edits (ตรวจแก้) and decides; the signer signs only with the right to sign', () => {
    const inReview = letter({ state: 'in_review' });
    expect(mayEdit(inReview, reviewer, { userId: reviewer, action: 'review' })).toBe(true);
    expect(mayReview(inReview, reviewer, { userId: reviewer, action: 'review' })).toBe(true);
    expect(mayReview(inReview, other, { userId: reviewer, action: 'review' })).toBe(false);
    expect(maySign(inReview, person(signer, root, ['sign']), { userId: signer, action: 'sign' })).toBe(true);
    expect(maySign(inReview, person(signer, root), { userId: signer, action: 'sign' })).toBe(false);
    expect(maySign(inReview, person(signer, root, ['sign']), { userId: reviewer, action: 'review' })).toBe(false);
  });

  it('a signed letter is never edited; it is revised by its author or signer while not superseded', () => {
    const signed = letter({ state: 'signed', signedAt: new Date(), signedBy: signer });
    expect(mayEdit(signed, author, null)).toBe(false);
    expect([mayRevise(signed, author), mayRevise(signed, signer), mayRevise(signed, other)]).toEqual([true, true, false]);
    expect(mayRevise({ ...signed, supersededBy: 'newer' }, author)).toBe(false);
    expect(mayRevise({ ...signed, state: 'sent' }, author)).toBe(false);
  });

  it('a signed letter is sent by someone with the right to send acting for its unit, the central registry, or its author', () => {
    const signed = letter({ state: 'signed', signedAt: new Date(), signedBy: signer });
    expect(maySend(signed, person(other, ownUnit, ['send']), root)).toBe(true);
    expect(maySend(signed, person(other, root, ['send']), root)).toBe(true);
    expect(maySend(signed, person(author, elsewhere, ['send']), root)).toBe(true);
    expect(maySend(signed, person(other, elsewhere, ['send']), root)).toBe(false);
    expect(maySend(signed, person(other, ownUnit), root)).toBe(false);
    expect(maySend({ ...signed, supersededBy: 'newer' }, person(other, ownUnit, ['send']), root)).toBe(false);
    expect(actsForUnit(signed, person(other, elsewhere), root)).toBe(false);
  });
});

describe('which way a classified letter may not go', () => {
  const agency = { kind: 'agency' as const }, email = { kind: 'email' as const }, exchange = { kind: 'exchange' as const };
  it('ลับ and ลับมาก go only to agencies on the platform; ลับที่สุด not at all; normal letters every way', () => {
    expect(routeRefusal('normal', [agency, email, exchange])).toBeNull();
    expect(routeRefusal('confidential', [agency])).toBeNull();
    expect(routeRefusal('secret', [agency, exchange])).toBe('classified_exchange_refused');
    expect(routeRefusal('confidential', [exchange])).toBe('classified_exchange_refused');
    expect(routeRefusal('confidential', [email, exchange])).toBe('classified_email_refused');
    expect(routeRefusal('top_secret', [agency])).toBe('top_secret_refused');
  });
});
