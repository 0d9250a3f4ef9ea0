/**
 * Who may do what with an outgoing letter: pure rules, one place, used by the acts
 * themselves and by the letter's page to show only what a person may do.
 */

export type LetterFacts = {
  createdBy: string; unitId: string;
  state: 'draft' | 'in_review' | 'returned' | 'rejected' | 'signed' | 'sent' | string;
  signedAt: Date | null; signedBy: string | null; supersededBy: string | null;
};

export type StepFacts = { userId: string; action: 'review' | 'sign' | string } | null;

export type PersonFacts = { userId: string; actingUnitId: string | null; mayAct: (permission: 'send' | 'sign') => boolean };

/** The author works on a draft, or on one returned to them. */
const authorsTurn = (letter: LetterFacts, person: string) =>
  letter.createdBy === person && (letter.state === 'draft' || letter.state === 'returned');

/** The author on their turn, or in review the person whose step it is (ตรวจแก้); never once signed. */
export function mayEdit(letter: LetterFacts, person: string, current: StepFacts) {
  if (letter.signedAt) return false;
  return authorsTurn(letter, person) || (letter.state === 'in_review' && current?.userId === person);
}

/** Only the author sends their draft up the chain (เสนอ). */
export function maySubmit(letter: LetterFacts, person: string) {
  return authorsTurn(letter, person);
}

/** A reviewer on their step approves, returns or rejects. */
export function mayReview(letter: LetterFacts, person: string, current: StepFacts) {
  return letter.state === 'in_review' && current?.userId === person && current.action === 'review';
}

/** The signer on their step, holding the right to sign. */
export function maySign(letter: LetterFacts, person: PersonFacts, current: StepFacts) {
  return letter.state === 'in_review' && current?.userId === person.userId && current.action === 'sign' && person.mayAct('sign');
}

/** A signed letter that must change is revised by its author or its signer. */
export function mayRevise(letter: LetterFacts, person: string) {
  return letter.state === 'signed' && !letter.supersededBy && (letter.createdBy === person || letter.signedBy === person);
}

/** Who sends for the letter's unit: its author, its own unit, or the central registry (the agency's root unit). */
export function actsForUnit(letter: LetterFacts, person: PersonFacts, rootUnitId: string) {
  return letter.createdBy === person.userId || person.actingUnitId === letter.unitId || person.actingUnitId === rootUnitId;
}

/** A signed, current letter, sent by someone with the right to send who acts for its unit. */
export function maySend(letter: LetterFacts, person: PersonFacts, rootUnitId: string) {
  return letter.state === 'signed' && !letter.supersededBy && person.mayAct('send') && actsForUnit(letter, person, rootUnitId);
}

/** The person as the rules see them. */
export function personFacts(viewer: { user: { id: string }; actingUnitId: string | null; permissions: ReadonlySet<string> }): PersonFacts {
  return { userId: viewer.user.id, actingUnitId: viewer.actingUnitId, mayAct: (p) => viewer.permissions.has(p) };
}

/**
 * Which way a letter of this secrecy may not go: ลับที่สุด never leaves electronically; ลับ
 * and ลับมาก go only to agencies on the platform (sealed end to end), never by e-mail nor
 * through the government exchange, which carries content in the clear with only a code.
 */
export function routeRefusal(secrecy: string, recipients: ReadonlyArray<{ kind: 'agency' | 'email' | 'exchange' }>) {
  if (secrecy === 'top_secret') return 'top_secret_refused' as const;
  if (secrecy === 'normal') return null;
  if (recipients.some((r) => r.kind === 'email')) return 'classified_email_refused' as const;
  if (recipients.some((r) => r.kind === 'exchange')) return 'classified_exchange_refused' as const;
  return null;
}
