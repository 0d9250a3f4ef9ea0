import { desc, eq } from 'drizzle-orm';
import { intakeRejections } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

/** E-mails and exchange messages that could not become letters, newest first, for registry officers. */
export function listIntakeRejections(tx: TenantTx, tenantId: string) {
  return tx.select({
    id: intakeRejections.id, channel: intakeRejections.channel, fromText: intakeRejections.fromText, subject: intakeRejections.subject, reason: intakeRejections.reason,
    receivedAt: intakeRejections.receivedAt,
  }).from(intakeRejections).where(eq(intakeRejections.tenantId, tenantId)).orderBy(desc(intakeRejections.receivedAt)).limit(100);
}
