import { listMailboxes, mailboxIdInput, pollMailboxNow, saveMailbox, saveMailboxInput } from '@/server/intake/mailboxes';
import { getOutboxMessage, listOutbox, mailServiceStatus, outboxMessageInput } from '@/server/mail/outbox';
import { getSmtpServer, saveSmtpInput, saveSmtpServer } from '@/server/mail/smtp-servers';
import { can, router } from '@/server/trpc';

const admin = can('admin');

export const mailRouter = router({
  /** The agency's IMAP mailboxes (admin). */
  mailboxes: admin.query(({ ctx }) => listMailboxes(ctx.db, ctx.tenantId)),
  saveMailbox: admin.input(saveMailboxInput).mutation(({ ctx, input }) => saveMailbox(ctx.db, ctx.viewer, input)),
  pollNow: admin.input(mailboxIdInput).mutation(({ ctx, input }) => pollMailboxNow(ctx.db, ctx.tenantId, input.mailboxId)),
  /** Whether the agency's e-mail leaves the platform, or is only kept in the local outbox (admin). */
  status: admin.query(({ ctx }) => mailServiceStatus(ctx.db, ctx.tenantId)),
  /** The agency's own SMTP server for sending letters by e-mail (admin). */
  smtp: admin.query(({ ctx }) => getSmtpServer(ctx.db, ctx.tenantId)),
  saveSmtp: admin.input(saveSmtpInput).mutation(({ ctx, input }) => saveSmtpServer(ctx.db, ctx.viewer, input)),
  /** E-mails sent for the agency (acknowledgements, reminders): the outbox, newest first. */
  outbox: can('receive').query(({ ctx }) => listOutbox(ctx.db, ctx.tenantId)),
  outboxMessage: can('receive').input(outboxMessageInput).query(({ ctx, input }) => getOutboxMessage(ctx.db, ctx.tenantId, input)),
});
