import { randomUUID } from 'node:crypto';
import { deliveries, type DeliveredLetter } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { enqueue } from '@/server/queue/enqueue';

/**
 * Queues a letter for an agency on the platform, in the sender's transaction: the
 * delivery record (state "queued") and its job commit together with the send, or not at all.
 */
export async function queueDelivery(tx: TenantTx, senderTenantId: string, input: {
  recipientTenantId: string; recipientName: string; outgoingLetterId?: string | null; letter: DeliveredLetter;
}) {
  const id = randomUUID();
  await tx.insert(deliveries).values({
    tenantId: senderTenantId, id, channel: 'platform', recipientTenantId: input.recipientTenantId, recipientName: input.recipientName,
    outgoingLetterId: input.outgoingLetterId ?? null, letter: input.letter,
  });
  await enqueue(tx, 'delivery.deliver', { deliveryId: id }, { jobKey: `deliver:${id}`, maxAttempts: 8 });
  return { id };
}
