import { z } from 'zod';
import { outgoingFiles, users } from '@/db/schema';
import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '@/server/errors';
import { renderLetterDocx } from '@/server/letters/letter-docx';
import { draftContent } from '@/server/letters/draft-content';
import { letterKinds } from '@/server/letters/letter-kinds';
import { todayInBangkok } from '@/server/shared/letter-date';
import { addComment, commentInput } from '@/server/sending/add-comment';
import { addAttachments, removeAttachment, removeAttachmentInput } from '@/server/sending/attachments';
import { createDraft, createDraftInput } from '@/server/sending/create-draft';
import { getOutgoing } from '@/server/sending/get-outgoing';
import { listOutgoing, listUnconfirmedDeliveries } from '@/server/sending/list-outgoing';
import { saveDraft, saveDraftInput } from '@/server/sending/save-draft';
import { letterDocument } from '@/server/sending/letter-document';
import { decide, decideInput, submitForReview, submitInput } from '@/server/sending/review';
import { confirmDeliveries, confirmInput, sendLetter, sendInput } from '@/server/sending/send';
import { reviseInput, reviseSigned } from '@/server/sending/revise';
import { signInput, signLetter } from '@/server/sending/sign';
import { previewDraftPages, signedLetterPages } from '@/server/sending/letter-pages';
import { can, router, tenantProcedure, viewerCan, withStepUp } from '@/server/trpc';

const open = can('open');

export const outgoingRouter = router({
  list: open.query(({ ctx }) => listOutgoing(ctx.db, ctx.viewer)),
  get: open.input(z.object({ letterId: z.uuid(), version: z.number().int().min(1).optional() }))
    .query(({ ctx, input }) => getOutgoing(ctx.db, ctx.viewer, input.letterId, input.version)),
  create: open.input(createDraftInput).mutation(({ ctx, input }) => createDraft(ctx.db, ctx.viewer, input)),
  save: open.input(saveDraftInput).mutation(({ ctx, input }) => saveDraft(ctx.db, ctx.viewer, input)),
  /** Called by the upload endpoint with the files it stored (ctx.uploads). */
  addAttachments: open.input(z.object({ letterId: z.uuid() })).mutation(({ ctx, input }) => addAttachments(ctx.db, ctx.viewer, input.letterId, ctx.uploads ?? null)),
  removeAttachment: open.input(removeAttachmentInput).mutation(({ ctx, input }) => removeAttachment(ctx.db, ctx.viewer, input)),
  comment: open.input(commentInput).mutation(({ ctx, input }) => addComment(ctx.db, ctx.viewer, input)),
  submit: open.input(submitInput).mutation(({ ctx, input }) => submitForReview(ctx.db, ctx.viewer, input)),
  decide: open.input(decideInput).mutation(({ ctx, input }) => decide(ctx.db, ctx.viewer, input)),
  sign: withStepUp('sign', 'sign_letter', 'password').input(signInput).mutation(({ ctx, input }) => signLetter(ctx.db, ctx.viewer, input)),
  /** A signed letter that must change before sending: a new draft to be signed again; this one is superseded. */
  revise: open.input(reviseInput).mutation(({ ctx, input }) => reviseSigned(ctx.db, ctx.viewer, input)),
  send: can('send').input(sendInput).mutation(({ ctx, input }) => sendLetter(ctx.db, ctx.viewer, input)),
  file: open.input(z.object({ letterId: z.uuid(), fileId: z.uuid() })).query(async ({ ctx, input }) => {
    const [file] = await ctx.db.select({
      objectKey: outgoingFiles.objectKey, fileName: outgoingFiles.fileName, contentType: outgoingFiles.contentType, size: outgoingFiles.size, sha256: outgoingFiles.sha256,
    }).from(outgoingFiles).where(and(eq(outgoingFiles.tenantId, ctx.tenantId), eq(outgoingFiles.letterId, input.letterId), eq(outgoingFiles.id, input.fileId)));
    if (!file) throw new AppError('not_found');
    return file;
  }),
  /** The letter as DOCX (base64): as signed once signed (number and date), else as drafted. */
  docx: open.input(z.object({ letterId: z.uuid(), version: z.number().int().min(1).optional() })).query(async ({ ctx, input }) => {
    const { letter, content } = await getOutgoing(ctx.db, ctx.viewer, input.letterId, input.version);
    const signed = letter.signedAt && (input.version ?? letter.version) === letter.version;
    const doc = letterDocument(letter.kind, signed ? { ...content, signer: { name: letter.signerName ?? '', position: letter.signerPosition ?? '' } } : content, ctx.viewer.tenant, {
      documentNumber: signed ? letter.documentNumber ?? '' : '', date: signed && letter.letterDate ? letter.letterDate : todayInBangkok(),
    });
    const name = `${(letter.documentNumber ?? letter.subject).replace(/[\\/:*?"<>|]+/g, '-').slice(0, 120)}.docx`;
    return { fileName: name, base64: (await renderLetterDocx(doc)).toString('base64') };
  }),
  /** Failed deliveries not yet confirmed by whoever sent or drafted them: the banner. */
  undelivered: tenantProcedure.query(({ ctx }) => listUnconfirmedDeliveries(ctx.db, ctx.viewer)),
  confirmDeliveries: open.input(confirmInput).mutation(({ ctx, input }) => confirmDeliveries(ctx.db, ctx.viewer, input)),
  /** The live preview: the draft as it will print (without number or signature), page by page as PNG. */
  // Both lay pages out on a layout thread and hold no database connection meanwhile.
  preview: viewerCan('open').input(z.object({ kind: z.enum(letterKinds), content: draftContent }))
    .mutation(async ({ ctx, input }) => ({ pages: await previewDraftPages(ctx.viewer, input) })),
  /** The signed letter's pages as PNG, exactly as signed. */
  signedPages: viewerCan('open').input(z.object({ letterId: z.uuid() }))
    .query(async ({ ctx, input }) => ({ pages: await signedLetterPages(ctx.viewer, input.letterId) })),
  /** Who can review and sign: the agency's active people (signers are checked on submit). */
  people: open.query(async ({ ctx }) => {
    if (!ctx.viewer.actingUnitId) throw new AppError('forbidden');
    return ctx.db.select({ id: users.id, fullNameTh: users.fullNameTh, position: users.position }).from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.status, 'active'))).orderBy(asc(users.fullNameTh));
  }),
});
