import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { intakeRejections, outgoingEmails } from '@/db/schema';
import { AppError } from '@/server/errors';
import { listMailboxes, mailboxIdInput, pollMailboxNow, saveMailbox, saveMailboxInput } from '@/server/intake/mailboxes';
import { getSmtpServer, saveSmtpInput, saveSmtpServer } from '@/server/mail/smtp-servers';
import { can, router } from '@/server/trpc';

const admin = can('admin');

export const mailRouter = router({
  /** The agency's IMAP mailboxes (admin). */
  mailboxes: admin.query(({ ctx }) => listMailboxes(ctx.db, ctx.tenantId)),
  saveMailbox: admin.input(saveMailboxInput).mutation(({ ctx, input }) => saveMailbox(ctx.db, ctx.viewer, input)),
  pollNow: admin.input(mailboxIdInput).mutation(({ ctx, input }) => pollMailboxNow(ctx.db, ctx.tenantId, input.mailboxId)),
  /** The agency's own SMTP server for sending letters by e-mail (admin). */
  smtp: admin.query(({ ctx }) => getSmtpServer(ctx.db, ctx.tenantId)),
  saveSmtp: admin.input(saveSmtpInput).mutation(({ ctx, input }) => saveSmtpServer(ctx.db, ctx.viewer, input)),
  /** E-mails that could not become letters, newest first, for registry officers. */
  rejections: can('receive').query(({ ctx }) => ctx.db.select({
    id: intakeRejections.id, fromText: intakeRejections.fromText, subject: intakeRejections.subject, reason: intakeRejections.reason,
    receivedAt: intakeRejections.receivedAt,
  }).from(intakeRejections).where(eq(intakeRejections.tenantId, ctx.tenantId)).orderBy(desc(intakeRejections.receivedAt)).limit(100)),
  /** E-mails sent for the agency (acknowledgements, reminders): the outbox, newest first. */
  outbox: can('receive').query(({ ctx }) => ctx.db.select({
    id: outgoingEmails.id, kind: outgoingEmails.kind, toAddress: outgoingEmails.toAddress, subject: outgoingEmails.subject,
    transport: outgoingEmails.transport, letterId: outgoingEmails.letterId, createdAt: outgoingEmails.createdAt,
  }).from(outgoingEmails).where(eq(outgoingEmails.tenantId, ctx.tenantId)).orderBy(desc(outgoingEmails.createdAt)).limit(200)),
  outboxMessage: can('receive').input(z.object({ emailId: z.uuid() })).query(async ({ ctx, input }) => {
    const [row] = await ctx.db.select().from(outgoingEmails).where(and(eq(outgoingEmails.tenantId, ctx.tenantId), eq(outgoingEmails.id, input.emailId)));
    if (!row) throw new AppError('not_found');
    return { id: row.id, toAddress: row.toAddress, subject: row.subject, html: row.html, text: row.text, transport: row.transport, createdAt: row.createdAt };
  }),
});
