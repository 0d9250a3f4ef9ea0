import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { outgoingEmails } from '@/db/schema';
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
