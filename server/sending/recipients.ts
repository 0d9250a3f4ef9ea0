import type { LetterKind } from '@/core/letters';

/** Kinds that go to someone: a draft of these cannot go up for signature without a recipient. */
export function needsRecipients(kind: LetterKind) {
  return kind === 'external' || kind === 'memo' || kind === 'stamped';
}
