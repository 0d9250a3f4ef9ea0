'use client';

import type { LetterKind } from '@/server/letters/letter-kinds';
import { blankContent, DraftEditor } from '../draft-editor';

export function NewDraft({ kind, me }: { kind: LetterKind; me: { agencyEmail: string; agencyPhone: string; unitName: string } }) {
  return <DraftEditor kind={kind} letterId={null} baseVersion={0} initial={blankContent(kind, me)} />;
}
