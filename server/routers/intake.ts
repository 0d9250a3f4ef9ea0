import { correctLetter, correctLetterInput, correctSealedInput, correctSealedLetter } from '@/server/intake/correct-letter';
import { correctLetterText, correctTextInput, listLetterTexts } from '@/server/intake/letter-texts';
import { listIntakeRejections } from '@/server/intake/list-rejections';
import { recordPaperLetter, recordSealedPaperLetter } from '@/server/intake/record-paper-letter';
import { recordPaperLetterInput, recordSealedPaperLetterInput } from '@/server/intake/record-paper-letter.schema';
import { letterIdInput } from '@/server/registry/list-letter-files';
import { can, router } from '@/server/trpc';

const receive = can('receive');

/** Letters entering the agency: recorded paper letters, their read text, recorded corrections, e-mails refused. */
export const intakeRouter = router({
  recordPaperLetter: receive.input(recordPaperLetterInput).mutation(({ ctx, input }) => recordPaperLetter(ctx.db, ctx.viewer, input, ctx.uploads ?? null)),
  /** A classified paper letter sealed in the recorder's browser (through POST /api/letters/classified). */
  recordSealedPaperLetter: receive.input(recordSealedPaperLetterInput)
    .mutation(({ ctx, input }) => recordSealedPaperLetter(ctx.db, ctx.viewer, input, ctx.uploads ?? null)),
  correct: receive.input(correctLetterInput).mutation(({ ctx, input }) => correctLetter(ctx.db, ctx.viewer, input)),
  /** A classified letter's correction, its details sealed again in the corrector's browser. */
  correctSealed: receive.input(correctSealedInput).mutation(({ ctx, input }) => correctSealedLetter(ctx.db, ctx.viewer, input)),
  texts: receive.input(letterIdInput).query(({ ctx, input }) => listLetterTexts(ctx.db, ctx.tenantId, input.letterId)),
  correctText: receive.input(correctTextInput).mutation(({ ctx, input }) => correctLetterText(ctx.db, ctx.viewer, input)),
  /** E-mails that could not become letters, newest first, for registry officers. */
  rejections: receive.query(({ ctx }) => listIntakeRejections(ctx.db, ctx.tenantId)),
});
