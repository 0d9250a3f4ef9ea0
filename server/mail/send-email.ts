import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { Resend } from 'resend';
import { outgoingEmails, smtpServers } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { openSecret } from '@/server/security/secret-box';
import { MailHostRefused, mailConnectTarget, mailFailureKey } from './mail-host';
import { env } from '@/core/env';

export const SMTP_SECRET = 'smtp-password';

export type OutgoingEmail = {
  kind: (typeof outgoingEmails.$inferInsert)['kind'];
  letterId?: string | null;
  fromName: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
  /** Names the e-mail in the provider's webhooks (Resend tags). */
  tags?: Record<string, string>;
  /** The same key is sent once, however often the job runs. */
  idempotencyKey: string;
};

/** A refusal by the recipient's side that no retry will change (a 5xx answer to the address). */
export class PermanentMailError extends Error {}

/** "Name <address>" with the name quoted, so a comma or angle bracket in it cannot add a recipient. */
function fromHeader(name: string, address = env().MAIL_FROM_ADDRESS) {
  return `"${name.replace(/["\\\r\n]/g, ' ')}" <${address}>`;
}

async function agencySmtp(tenantId: string) {
  return runInTenant({ tenantId, userId: null, system: true }, async (tx) =>
    (await tx.select().from(smtpServers).where(and(eq(smtpServers.tenantId, tenantId), eq(smtpServers.enabled, true))))[0]);
}

/**
 * Sends an e-mail for an agency: through the agency's own mail server when it has one
 * (SMTP), else through Resend (with its idempotency key) when RESEND_API_KEY is set,
 * else into the local outbox only (zero-setup mode). Either way it is recorded in
 * outgoing_emails. Throws if the transport fails, so the job retries; a permanent
 * refusal of the address throws PermanentMailError.
 */
export async function sendEmail(tenantId: string, email: OutgoingEmail) {
  const scope = { tenantId, userId: null, system: true };
  const sent = await runInTenant(scope, async (tx) => {
    const [row] = await tx.select({ id: outgoingEmails.id, transport: outgoingEmails.transport, providerId: outgoingEmails.providerId }).from(outgoingEmails)
      .where(and(eq(outgoingEmails.tenantId, tenantId), eq(outgoingEmails.idempotencyKey, email.idempotencyKey)));
    return row;
  });
  if (sent) return { id: sent.id, duplicate: true, transport: sent.transport, providerId: sent.providerId };
  let providerId: string | null = null;
  const smtp = await agencySmtp(tenantId);
  const transport: 'smtp' | 'resend' | 'local' = smtp ? 'smtp' : env().RESEND_API_KEY ? 'resend' : 'local';
  if (smtp) {
    // The agency's server, at the address checked for it (server/mail/mail-host.ts); TLS checks its name.
    const target = await mailConnectTarget(smtp.host).catch((error) => {
      throw error instanceof MailHostRefused ? new PermanentMailError('mail_host_not_allowed') : new Error('mail_connection_failed');
    });
    const mailer = nodemailer.createTransport({
      host: target.address, port: smtp.port, secure: smtp.secure, requireTLS: false, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000,
      auth: smtp.username ? { user: smtp.username, pass: smtp.passwordSealed ? openSecret(SMTP_SECRET, smtp.passwordSealed) : '' } : undefined,
      tls: { minVersion: 'TLSv1.2', rejectUnauthorized: env().SMTP_TLS_INSECURE !== '1', servername: target.servername },
    });
    try {
      const info = await mailer.sendMail({
        from: fromHeader(email.fromName, smtp.fromAddress), to: email.to, subject: email.subject, html: email.html, text: email.text,
        attachments: email.attachments, messageId: `<${email.idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@${smtp.fromAddress.split('@')[1] ?? 'saraban.local'}>`,
      });
      if (info.rejected.length > 0) throw new PermanentMailError(`rejected: ${info.rejected.join(', ')}`);
      providerId = info.messageId;
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (error instanceof PermanentMailError || (code && code >= 500 && (error as { command?: string }).command === 'RCPT TO')) {
        throw new PermanentMailError((error as Error).message);
      }
      // Below the mail protocol (refused, timed out, reset, TLS): the socket's words stay here.
      if (!code) throw new Error(mailFailureKey(error));
      throw error;
    } finally {
      mailer.close();
    }
  } else if (transport === 'resend') {
    const { data, error } = await new Resend(env().RESEND_API_KEY).emails.send(
      {
        from: fromHeader(email.fromName), to: [email.to], subject: email.subject, html: email.html, text: email.text,
        attachments: email.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
        tags: email.tags ? Object.entries(email.tags).map(([name, value]) => ({ name, value })) : undefined,
      },
      { idempotencyKey: `${tenantId}/${email.idempotencyKey}` },
    );
    if (error || !data) {
      if (error && 'statusCode' in error && error.statusCode === 422) throw new PermanentMailError(`Resend refused the e-mail: ${error.message}`);
      throw new Error(`Resend refused the e-mail: ${error?.message ?? 'no answer'}`);
    }
    providerId = data.id;
  }
  const id = randomUUID();
  await runInTenant(scope, (tx) => tx.insert(outgoingEmails).values({
    tenantId, id, kind: email.kind, letterId: email.letterId ?? null, toAddress: email.to, subject: email.subject, html: email.html, text: email.text,
    transport, providerId, idempotencyKey: email.idempotencyKey,
  }).onConflictDoNothing());
  return { id, duplicate: false, transport, providerId };
}
