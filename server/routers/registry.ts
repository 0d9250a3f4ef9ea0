import { checkReportInput, inboxCheckReport, recordInboxCheck } from '@/server/registry/inbox-checks';
import { cancelRegistration, cancelRegistrationInput } from '@/server/registry/cancel-registration';
import { listRegister, listRegisterInput, listRegisters } from '@/server/registry/list-register';
import { exportFile, exportIdInput, listMyExports, startExportInput, startRegisterExport } from '@/server/registry/register-export';
import { listWaitingLetters } from '@/server/registry/list-waiting-letters';
import { returnLetterInput, returnWaitingLetter } from '@/server/registry/return-letter';
import { registerIncomingLetter, registerIncomingLetterInput, registerIncomingLetters, registerIncomingLettersInput } from '@/server/registry/register-incoming-letter';
import { listLetterFiles, letterIdInput } from '@/server/registry/list-letter-files';
import { can, router } from '@/server/trpc';

const receive = can('receive');

export const registryRouter = router({
  files: receive.input(letterIdInput).query(({ ctx, input }) => listLetterFiles(ctx.db, ctx.tenantId, input.letterId)),
  /** Opening the waiting list is an inbox check (electronic rule 4.1.2). */
  recordCheck: receive.mutation(({ ctx }) => recordInboxCheck(ctx.db, ctx.viewer)),
  checkReport: receive.input(checkReportInput).query(({ ctx, input }) => inboxCheckReport(ctx.db, ctx.viewer, input.month)),
  waiting: receive.query(({ ctx }) => listWaitingLetters(ctx.db, ctx.viewer)),
  register: receive.input(registerIncomingLetterInput).mutation(({ ctx, input }) => registerIncomingLetter(ctx.db, ctx.viewer, input)),
  returnLetter: receive.input(returnLetterInput).mutation(({ ctx, input }) => returnWaitingLetter(ctx.db, ctx.viewer, input)),
  registerMany: receive.input(registerIncomingLettersInput).mutation(({ ctx, input }) => registerIncomingLetters(ctx.db, ctx.viewer, input)),
  cancel: receive.input(cancelRegistrationInput).mutation(({ ctx, input }) => cancelRegistration(ctx.db, ctx.viewer, input)),
  registers: receive.query(({ ctx }) => listRegisters(ctx.db, ctx.viewer)),
  entries: receive.input(listRegisterInput).query(({ ctx, input }) => listRegister(ctx.db, ctx.viewer, input)),
  /** A register written out as PDF or XLSX by a background job; its progress in `exports`, its file at /api/exports/:id. */
  startExport: receive.input(startExportInput).mutation(({ ctx, input }) => startRegisterExport(ctx.db, ctx.viewer, input)),
  exports: receive.query(({ ctx }) => listMyExports(ctx.db, ctx.viewer)),
  exportFile: receive.input(exportIdInput).query(({ ctx, input }) => exportFile(ctx.db, ctx.viewer, input.exportId)),
});

