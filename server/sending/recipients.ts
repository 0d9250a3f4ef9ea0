import type { LetterKind } from '@/server/letters/letter-kinds';

/** Kinds that go to someone: a draft of these cannot go up for signature without a recipient. */
export function needsRecipients(kind: LetterKind) {
  return kind === 'external' || kind === 'memo' || kind === 'stamped';
}
