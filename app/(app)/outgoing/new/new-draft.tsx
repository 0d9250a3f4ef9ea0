'use client';

import type { DraftContent } from '@/core/draft-content';
import type { LetterKind } from '@/core/letters';
import { DraftEditor } from '../draft-editor';

export function NewDraft({ kind, initial }: { kind: LetterKind; initial: DraftContent }) {
  return <DraftEditor kind={kind} letterId={null} baseVersion={0} initial={initial} />;
}
