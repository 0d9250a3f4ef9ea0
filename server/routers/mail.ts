import { desc, eq } from 'drizzle-orm';
import { intakeRejections } from '@/db/schema';
import { listMailboxes, mailboxIdInput, pollMailboxNow, saveMailbox, saveMailboxInput } from '@/server/intake/mailboxes';
import { can, router } from '@/server/trpc';

const admin = can('admin');

export const mailRouter = router({
  /** The agency's IMAP mailboxes (admin). */
  mailboxes: admin.query(({ ctx }) => listMailboxes(ctx.db, ctx.tenantId)),
  saveMailbox: admin.input(saveMailboxInput).mutation(({ ctx, input }) => saveMailbox(ctx.db, ctx.viewer, input)),
  pollNow: admin.input(mailboxIdInput).mutation(({ ctx, input }) => pollMailboxNow(ctx.db, ctx.tenantId, input.mailboxId)),
  /** E-mails that could not become letters, newest first, for registry officers. */
  rejections: can('receive').query(({ ctx }) => ctx.db.select({
    id: intakeRejections.id, fromText: intakeRejections.fromText, subject: intakeRejections.subject, reason: intakeRejections.reason,
    receivedAt: intakeRejections.receivedAt,
  }).from(intakeRejections).where(eq(intakeRejections.tenantId, ctx.tenantId)).orderBy(desc(intakeRejections.receivedAt)).limit(100)),
});
