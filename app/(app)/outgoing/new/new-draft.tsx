'use client';

import type { DraftContent } from '@/server/letters/draft-content';
import type { LetterKind } from '@/server/letters/letter-kinds';
import { DraftEditor } from '../draft-editor';

export function NewDraft({ kind, initial }: { kind: LetterKind; initial: DraftContent }) {
  return <DraftEditor kind={kind} letterId={null} baseVersion={0} initial={initial} />;
}
