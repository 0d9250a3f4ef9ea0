import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { JobHelpers } from 'graphile-worker';
import { z } from 'zod';
import { deliveries, outgoingLetters, tenants } from '@/db/schema';
import { actsForUnit, personFacts } from '@/server/sending/sending-rules';
import { rootUnit } from '@/server/units/find-unit';
import { runInTenant, type TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';
import { actorOf, systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { markFailed } from '@/server/delivery/deliver';
import { enqueue } from '@/server/queue/enqueue';
import { agencySigningPem } from '@/server/signing/certificates';
import { readObject } from '@/server/storage/s3';
import { connectionOf, endpointOf } from './connection';
import { childText, outboundLetterBody, secretCodes, speedCodes, withdrawRequest, type ExchangeFile, type ExchangeLetter } from './gov-document';
import { callExchange, ExchangeCallError } from './soap-client';
import { signedGovernmentDocument } from './xml-signature';

const SYSTEM = systemActor('ระบบสารบรรณ');

/** A new WS-Addressing MessageID for a letter (kept on its delivery record, so a retry sends the same one). */
export const newMessageId = () => `uuid:${randomUUID()}`;

/** Splits "นายสมชาย ใจดี" into given and family name as the standard's party has them. */
function nameParts(full: string) {
  const words = full.trim().split(/\s+/);
  return words.length > 1 ? { givenName: words.slice(0, -1).join(' '), familyName: words.at(-1)! } : { givenName: full.trim(), familyName: '' };
}

/**
 * Background job of the sender: the signed letter goes to the exchange node as a
 * GovernmentDocument (the signed PDF as the main letter, then its attachments), signed
 * with the agency's certificate. Its MessageID was fixed when it was queued, so a retry
 * after a lost answer is the same message, which the node takes once. The node's refusal
 * (an unknown receiver, a malformed message) fails the delivery with its reason; a node
 * that cannot be reached is tried again with backoff, and the last failed try fails it.
 * Received, accepted or refused is then told by the receiver's notices (pull.ts).
 */
export async function sendByExchange({ tenantId, deliveryId }: { tenantId: string; deliveryId: string }, helpers?: JobHelpers) {
  const scope = { tenantId, userId: null, system: true };
  const found = await runInTenant(scope, async (tx) => {
    const [delivery] = await tx.select().from(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId)));
    if (!delivery || delivery.state !== 'queued' || delivery.channel !== 'exchange' || !delivery.exchangeMessageId) return null;
    const connection = await connectionOf(tx, tenantId);
    if (!connection) return { delivery, connection: null, key: null };
    const [agency] = await tx.select({ id: tenants.id, nameTh: tenants.nameTh, nameEn: tenants.nameEn, code: tenants.code }).from(tenants).where(eq(tenants.id, tenantId));
    return { delivery, connection, key: await agencySigningPem(tx, agency!) };
  });
  if (!found) return;
  const { delivery, connection, key } = found;
  if (!connection || !key) return await markFailed(tenantId, deliveryId, 'exchange_not_set_up');
  const l = delivery.letter;
  try {
    const files: ExchangeFile[] = await Promise.all(l.files.map(async (f) => ({ fileName: f.fileName, mimeCode: f.contentType, content: await readObject(f.objectKey) })));
    const signer = l.signer ?? { name: '', position: '' };
    const letter: ExchangeLetter = {
      id: l.documentNumber, correspondenceDate: l.letterDate, subject: l.subject,
      secretCode: secretCodes[l.secrecy], speedCode: speedCodes[l.urgency],
      sender: { ...nameParts(signer.name), jobTitle: signer.position, ministryId: connection.ministryId, departmentId: connection.departmentId, organizationName: l.fromText },
      receiver: { givenName: '', familyName: '', jobTitle: l.toText, ministryId: delivery.exchangeMinistryId ?? '', departmentId: delivery.exchangeOrgId ?? '', organizationName: delivery.recipientName },
      references: l.references ?? [], attachmentText: (l.enclosures ?? []).join('\n'), sendDate: new Date().toISOString(), description: '',
      mainLetter: files[0] ?? null, attachments: files.slice(1),
    };
    const document = signedGovernmentDocument(letter, signer, key);
    const answer = await callExchange(endpointOf(connection), outboundLetterBody(document), {
      messageId: delivery.exchangeMessageId!, timeoutMs: 120_000, action: 'CorrespondenceLetterOutbound',
    });
    const processId = answer.oversized ? '' : childText(answer.content, 'ProcessID');
    await runInTenant(scope, async (tx) => {
      await tx.update(deliveries).set({ exchangeProcessId: processId || null, attempts: sql`attempts + 1`, lastError: null })
        .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId), eq(deliveries.state, 'queued')));
      await recordAudit(tx, tenantId, { actor: SYSTEM, action: 'exchange.letter_sent', targetType: 'delivery', targetId: deliveryId, data: { messageId: delivery.exchangeMessageId, processId } });
    });
  } catch (error) {
    const reason = error instanceof ExchangeCallError ? error.reason : 'delivery_error';
    const lastError = error instanceof ExchangeCallError ? (error.detail ? `${reason}: ${error.detail}` : reason).slice(0, 500) : String((error as Error).message ?? error).slice(0, 500);
    await runInTenant(scope, (tx) => tx.update(deliveries).set({ attempts: sql`attempts + 1`, lastError })
      .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId))));
    // The node said no (unknown receiver, a message it cannot take): trying again changes nothing.
    if (reason === 'exchange_refused' || reason === 'exchange_host_not_allowed' || reason === 'exchange_auth_failed') return await markFailed(tenantId, deliveryId, reason);
    if (helpers && helpers.job.attempts >= helpers.job.max_attempts) return await markFailed(tenantId, deliveryId, reason);
    throw error;
  }
}

export const deliveryInput = z.object({ deliveryId: z.uuid() });

/** An exchange delivery of a letter the person sends for (its unit, or the central registry). */
async function exchangeDelivery(tx: TenantTx, viewer: Viewer, deliveryId: string) {
  const tenantId = viewer.tenant.id;
  const [row] = await tx.select().from(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId)));
  if (!row || row.channel !== 'exchange' || !row.outgoingLetterId) throw new AppError('not_found');
  const [letter] = await tx.select().from(outgoingLetters).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, row.outgoingLetterId)));
  if (!letter) throw new AppError('not_found');
  if (!actsForUnit(letter, personFacts(viewer), await rootUnit(tx, tenantId))) throw new AppError('not_in_your_unit');
  return row;
}

/**
 * The sender takes a letter back from the exchange (CorrespondenceDeleteGovernmentDocument)
 * before the receiver has taken it in, to correct and send it again. The node is asked
 * first, holding no database connection; the record says withdrawn only if the node agreed.
 */
export async function withdrawDelivery(viewer: Viewer, input: z.infer<typeof deliveryInput>) {
  const tenantId = viewer.tenant.id;
  const scope = { tenantId, userId: viewer.user.id };
  const { delivery, connection } = await runInTenant(scope, async (tx) => ({
    delivery: await exchangeDelivery(tx, viewer, input.deliveryId), connection: await connectionOf(tx, tenantId),
  }));
  if (delivery.state !== 'queued' && delivery.state !== 'delivered') throw new AppError('exchange_not_withdrawable');
  if (!connection) throw new AppError('exchange_not_set_up');
  try {
    await callExchange(endpointOf(connection), withdrawRequest(delivery.exchangeMessageId!), { timeoutMs: 15_000 });
  } catch (error) {
    if (error instanceof ExchangeCallError) throw new AppError(error.reason === 'exchange_refused' ? 'exchange_not_withdrawable' : error.reason);
    throw error;
  }
  return runInTenant(scope, async (tx) => {
    const changed = await tx.update(deliveries).set({ state: 'withdrawn', withdrawnAt: new Date(), lastError: null })
      .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, delivery.id), sql`state in ('queued', 'delivered')`)).returning({ id: deliveries.id });
    if (changed.length === 0) throw new AppError('exchange_not_withdrawable');
    await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'exchange.letter_withdrawn', targetType: 'delivery', targetId: delivery.id, data: { messageId: delivery.exchangeMessageId } });
    return { ok: true };
  });
}

/** A withdrawn (or failed) letter goes out again through the exchange, as a new message. */
export async function resendDelivery(tx: TenantTx, viewer: Viewer, input: z.infer<typeof deliveryInput>) {
  const tenantId = viewer.tenant.id;
  const delivery = await exchangeDelivery(tx, viewer, input.deliveryId);
  if (delivery.state !== 'withdrawn' && delivery.state !== 'failed') throw new AppError('exchange_not_resendable');
  const messageId = newMessageId();
  await tx.update(deliveries).set({
    state: 'queued', exchangeMessageId: messageId, exchangeProcessId: null, queuedAt: new Date(), deliveredAt: null, failedAt: null, failedReason: null,
    withdrawnAt: null, attempts: 0, lastError: null, confirmedAt: null, confirmedByName: null,
  }).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, delivery.id)));
  await enqueue(tx, 'exchange.send', { deliveryId: delivery.id }, { jobKey: `exchange-send:${messageId}`, maxAttempts: 8 });
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'exchange.letter_resent', targetType: 'delivery', targetId: delivery.id, data: { messageId } });
  return { ok: true };
}
