import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Resend } from 'resend';
import { outgoingEmails } from '@/db/schema';
import { runInTenant } from '@/db/scope';

export type OutgoingEmail = {
  kind: (typeof outgoingEmails.$inferInsert)['kind'];
  letterId?: string | null;
  fromName: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The same key is sent once, however often the job runs. */
  idempotencyKey: string;
};

/** "Name <address>" with the name quoted, so a comma or angle bracket in it cannot add a recipient. */
function fromHeader(name: string) {
  const address = process.env.MAIL_FROM_ADDRESS ?? 'no-reply@saraban.local';
  return `"${name.replace(/["\\\r\n]/g, ' ')}" <${address}>`;
}

/**
 * Sends an e-mail for an agency: through Resend (with its idempotency key) when
 * RESEND_API_KEY is set, else into the local outbox only (zero-setup mode). Either way
 * it is recorded in outgoing_emails. Throws if Resend refuses, so the job retries.
 */
export async function sendEmail(tenantId: string, email: OutgoingEmail) {
  const scope = { tenantId, userId: null, system: true };
  const sent = await runInTenant(scope, async (tx) => {
    const [row] = await tx.select({ id: outgoingEmails.id }).from(outgoingEmails)
      .where(and(eq(outgoingEmails.tenantId, tenantId), eq(outgoingEmails.idempotencyKey, email.idempotencyKey)));
    return row;
  });
  if (sent) return { id: sent.id, duplicate: true };
  let providerId: string | null = null;
  const transport = process.env.RESEND_API_KEY ? 'resend' : 'local';
  if (transport === 'resend') {
    const { data, error } = await new Resend(process.env.RESEND_API_KEY).emails.send(
      { from: fromHeader(email.fromName), to: [email.to], subject: email.subject, html: email.html, text: email.text },
      { idempotencyKey: `${tenantId}/${email.idempotencyKey}` },
    );
    if (error || !data) throw new Error(`Resend refused the e-mail: ${error?.message ?? 'no answer'}`);
    providerId = data.id;
  }
  const id = randomUUID();
  await runInTenant(scope, (tx) => tx.insert(outgoingEmails).values({
    tenantId, id, kind: email.kind, letterId: email.letterId ?? null, toAddress: email.to, subject: email.subject, html: email.html, text: email.text,
    transport, providerId, idempotencyKey: email.idempotencyKey,
  }).onConflictDoNothing());
  return { id, duplicate: false };
}
