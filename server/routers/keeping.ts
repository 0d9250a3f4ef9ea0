import {
  appointCommittee, appointInput, committeeCandidates, disposalDocument, documentInput, decideInput, decideItems, getDisposalList, itemsInput, listDisposalItems, listDisposalLists, listIdInput,
  prepareInput, recordReview, requestPreparation, reviewInput, startDestruction, submitToArchives,
} from '@/server/keeping/disposal';
import {
  holdInput, holdLetter, holdsInput, letterIdInput, letterKeepingOf, listHolds, listRules, releaseLetter, saveRules, saveRulesInput, setClassInput, setRetentionClass,
} from '@/server/keeping/retention';
import { isHead, isKeeper } from '@/server/keeping/access';
import { startTransfer, transferFile, transferIdInput, transferList, transferPageInput } from '@/server/keeping/transfer';
import { getImport, importProblemsInput, listImports, startImport, startImportInput } from '@/server/keeping/archive-import';
import { router, tenantProcedure } from '@/server/trpc';

/** Keeping letters for their lawful time: retention, legal holds, and the yearly disposal list (server/keeping/). Each procedure checks who may. */
export const keepingRouter = router({
  /** What the person may do here (the menu shows the area only to them). */
  roles: tenantProcedure.query(({ ctx }) => ({ keeper: isKeeper(ctx.viewer), head: isHead(ctx.viewer) })),
  ofLetter: tenantProcedure.input(letterIdInput).query(({ ctx, input }) => letterKeepingOf(ctx.db, ctx.viewer, input.letterId)),
  setClass: tenantProcedure.input(setClassInput).mutation(({ ctx, input }) => setRetentionClass(ctx.db, ctx.viewer, input)),
  hold: tenantProcedure.input(holdInput).mutation(({ ctx, input }) => holdLetter(ctx.db, ctx.viewer, input)),
  release: tenantProcedure.input(holdInput).mutation(({ ctx, input }) => releaseLetter(ctx.db, ctx.viewer, input)),
  holds: tenantProcedure.input(holdsInput).query(({ ctx, input }) => listHolds(ctx.db, ctx.viewer, input)),
  rules: tenantProcedure.query(({ ctx }) => listRules(ctx.db, ctx.viewer)),
  saveRules: tenantProcedure.input(saveRulesInput).mutation(({ ctx, input }) => saveRules(ctx.db, ctx.viewer, input)),
  lists: tenantProcedure.query(({ ctx }) => listDisposalLists(ctx.db, ctx.viewer)),
  list: tenantProcedure.input(listIdInput).query(({ ctx, input }) => getDisposalList(ctx.db, ctx.viewer, input.listId)),
  items: tenantProcedure.input(itemsInput).query(({ ctx, input }) => listDisposalItems(ctx.db, ctx.viewer, input)),
  prepare: tenantProcedure.input(prepareInput).mutation(({ ctx, input }) => requestPreparation(ctx.db, ctx.viewer, input)),
  candidates: tenantProcedure.query(({ ctx }) => committeeCandidates(ctx.db, ctx.viewer)),
  appoint: tenantProcedure.input(appointInput).mutation(({ ctx, input }) => appointCommittee(ctx.db, ctx.viewer, input)),
  decide: tenantProcedure.input(decideInput).mutation(({ ctx, input }) => decideItems(ctx.db, ctx.viewer, input)),
  submit: tenantProcedure.input(listIdInput).mutation(({ ctx, input }) => submitToArchives(ctx.db, ctx.viewer, input)),
  review: tenantProcedure.input(reviewInput).mutation(({ ctx, input }) => recordReview(ctx.db, ctx.viewer, input)),
  document: tenantProcedure.input(documentInput).query(({ ctx, input }) => disposalDocument(ctx.db, ctx.viewer, input)),
  imports: tenantProcedure.query(({ ctx }) => listImports(ctx.db, ctx.viewer)),
  import: tenantProcedure.input(importProblemsInput).query(({ ctx, input }) => getImport(ctx.db, ctx.viewer, input)),
  startImport: tenantProcedure.input(startImportInput).mutation(({ ctx, input }) => startImport(ctx.db, ctx.viewer, input)),
  transfers: tenantProcedure.input(transferPageInput).query(({ ctx, input }) => transferList(ctx.db, ctx.viewer, input)),
  startTransfer: tenantProcedure.mutation(({ ctx }) => startTransfer(ctx.db, ctx.viewer)),
  transferFile: tenantProcedure.input(transferIdInput).query(({ ctx, input }) => transferFile(ctx.db, ctx.viewer, input.transferId)),
  destroy: tenantProcedure.input(listIdInput).mutation(({ ctx, input }) => startDestruction(ctx.db, ctx.viewer, input)),
});
