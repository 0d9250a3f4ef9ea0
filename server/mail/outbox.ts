import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingEmails, smtpServers } from '@/db/schema';
import { env } from '@/core/env';
import type { TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';

export const outboxMessageInput = z.object({ emailId: z.uuid() });

/** E-mails sent for the agency (acknowledgements, reminders): the outbox, newest first. */
export function listOutbox(tx: TenantTx, tenantId: string) {
  return tx.select({
    id: outgoingEmails.id, kind: outgoingEmails.kind, toAddress: outgoingEmails.toAddress, subject: outgoingEmails.subject,
    transport: outgoingEmails.transport, letterId: outgoingEmails.letterId, createdAt: outgoingEmails.createdAt,
  }).from(outgoingEmails).where(eq(outgoingEmails.tenantId, tenantId)).orderBy(desc(outgoingEmails.createdAt)).limit(200);
}

/** One sent e-mail, as it went. */
export async function getOutboxMessage(tx: TenantTx, tenantId: string, input: z.infer<typeof outboxMessageInput>) {
  const [row] = await tx.select().from(outgoingEmails).where(and(eq(outgoingEmails.tenantId, tenantId), eq(outgoingEmails.id, input.emailId)));
  if (!row) throw new AppError('not_found');
  return { id: row.id, toAddress: row.toAddress, subject: row.subject, html: row.html, text: row.text, transport: row.transport, createdAt: row.createdAt };
}

/** Most e-mails counted as kept in the local outbox: beyond it the admin is told "more than". */
const LOCAL_COUNTED = 1000;

/**
 * Whether the agency's e-mail leaves the platform: through its own mail server (SMTP) or the
 * platform's provider; if neither, e-mails are only kept in the local outbox, and how many are.
 */
export async function mailServiceStatus(tx: TenantTx, tenantId: string) {
  const [smtp] = await tx.select({ enabled: smtpServers.enabled }).from(smtpServers).where(and(eq(smtpServers.tenantId, tenantId), eq(smtpServers.enabled, true)));
  const connected = Boolean(smtp) || Boolean(env().RESEND_API_KEY);
  if (connected) return { connected, kept: 0 };
  const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from (select 1 from outgoing_emails where tenant_id = ${tenantId} and transport = 'local' limit ${LOCAL_COUNTED}) as kept`) as unknown as [{ n: number }];
  return { connected, kept: row?.n ?? 0 };
}
