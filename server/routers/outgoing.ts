import { z } from 'zod';
import { addComment, commentInput } from '@/server/sending/add-comment';
import { addAttachments, addAttachmentsInput, removeAttachment, removeAttachmentInput } from '@/server/sending/attachments';
import { createDraft, createDraftInput } from '@/server/sending/create-draft';
import { getOutgoing } from '@/server/sending/get-outgoing';
import { outgoingDocx, outgoingDocxInput, sealedDocxInput } from '@/server/sending/outgoing-docx';
import { getOutgoingFile, outgoingFileInput } from '@/server/sending/outgoing-file';
import { listReviewCandidates, listSignerCandidates } from '@/server/sending/review-candidates';
import { listOutgoing, listUnconfirmedDeliveries } from '@/server/sending/list-outgoing';
import { saveDraft, saveDraftInput } from '@/server/sending/save-draft';
import { decide, decideInput, submitForReview, submitInput } from '@/server/sending/review';
import { confirmDeliveries, confirmInput, sendLetter, sendInput } from '@/server/sending/send';
import { reviseInput, reviseSigned } from '@/server/sending/revise';
import { signInput, signLetter } from '@/server/sending/sign';
import { attachPaperInput, attachPaperScan, cancelReservation, cancelReservationInput, reserveNumber, reserveNumberInput } from '@/server/sending/reserve-number';
import { previewDraftPages, previewInput, signedLetterPages, signedPagesInput } from '@/server/sending/letter-pages';
import { markNotificationsRead } from '@/server/routing/work-on-letter';
import { can, router, tenantProcedure, viewerCan, withStepUp } from '@/server/trpc';

const open = can('open');

export const outgoingRouter = router({
  list: open.query(({ ctx }) => listOutgoing(ctx.db, ctx.viewer)),
  /** Opening an outgoing letter marks the viewer's notifications about it read (signed, returned, delivered…). */
  markRead: tenantProcedure.input(z.object({ letterId: z.uuid() })).mutation(({ ctx, input }) => markNotificationsRead(ctx.db, ctx.viewer, input.letterId)),
  get: open.input(outgoingDocxInput)
    .query(({ ctx, input }) => getOutgoing(ctx.db, ctx.viewer, input.letterId, input.version)),
  create: open.input(createDraftInput).mutation(({ ctx, input }) => createDraft(ctx.db, ctx.viewer, input)),
  save: open.input(saveDraftInput).mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.viewer, input)),
  /** Called by the upload endpoint with the files it stored (ctx.uploads). */
  addAttachments: open.input(addAttachmentsInput).mutation(({ ctx, input }) => addAttachments(ctx.db, ctx.viewer, input, ctx.uploads ?? null)),
  removeAttachment: open.input(removeAttachmentInput).mutation(({ ctx, input }) => removeAttachment(ctx.db, ctx.viewer, input)),
  comment: open.input(commentInput).mutation(({ ctx, input }) => addComment(ctx.db, ctx.viewer, input)),
  submit: open.input(submitInput).mutation(({ ctx, input }) => submitForReview(ctx.db, ctx.viewer, input)),
  decide: open.input(decideInput).mutation(({ ctx, input }) => decide(ctx.db, ctx.viewer, input)),
  sign: withStepUp('sign', 'sign_letter', 'password').input(signInput).mutation(({ ctx, input }) => signLetter(ctx.db, ctx.viewer, input)),
  /** A signed letter that must change before sending: a new draft to be signed again; this one is superseded. */
  revise: open.input(reviseInput).mutation(({ ctx, input }) => reviseSigned(ctx.db, ctx.viewer, input)),
  send: can('send').input(sendInput).mutation(({ ctx, input }) => sendLetter(ctx.db, ctx.viewer, input)),
  file: open.input(outgoingFileInput).query(({ ctx, input }) => getOutgoingFile(ctx.db, ctx.tenantId, input)),
  /** The letter as DOCX (base64): as signed once signed (number and date), else as drafted. */
  docx: open.input(outgoingDocxInput).query(({ ctx, input }) => outgoingDocx(ctx.db, ctx.viewer, input)),
  /** A classified letter as DOCX, with its key handed over for this request (a mutation: the key never goes in a URL). */
  sealedDocx: open.input(sealedDocxInput).mutation(({ ctx, input }) => outgoingDocx(ctx.db, ctx.viewer, input)),
  /** Failed deliveries not yet confirmed by whoever sent or drafted them: the banner. */
  undelivered: tenantProcedure.query(({ ctx }) => listUnconfirmedDeliveries(ctx.db, ctx.viewer)),
  confirmDeliveries: open.input(confirmInput).mutation(({ ctx, input }) => confirmDeliveries(ctx.db, ctx.viewer, input)),
  /** The live preview: the draft as it will print (without number or signature), page by page as PNG. */
  // Both lay pages out on a layout thread and hold no database connection meanwhile.
  preview: viewerCan('open').input(previewInput)
    .mutation(async ({ ctx, input }) => ({ pages: await previewDraftPages(ctx.viewer, input) })),
  /** The signed letter's pages as PNG, exactly as signed. */
  signedPages: viewerCan('open').input(signedPagesInput)
    .query(async ({ ctx, input }) => ({ pages: await signedLetterPages(ctx.viewer, input.letterId) })),
  /** Who can review and sign: the agency's active people (signers are checked on submit). */
  people: open.query(({ ctx }) => listReviewCandidates(ctx.db, ctx.viewer)),
  /** จองเลข: a send number for a letter signed on paper; its scan attached later, or the reservation cancelled. */
  reserveNumber: can('send').input(reserveNumberInput).mutation(({ ctx, input }) => reserveNumber(ctx.db, ctx.viewer, input)),
  attachPaper: can('send').input(attachPaperInput).mutation(({ ctx, input }) => attachPaperScan(ctx.db, ctx.viewer, input, ctx.uploads ?? null)),
  cancelReservation: can('send').input(cancelReservationInput).mutation(({ ctx, input }) => cancelReservation(ctx.db, ctx.viewer, input)),
  signers: open.query(({ ctx }) => listSignerCandidates(ctx.db, ctx.viewer)),
});
