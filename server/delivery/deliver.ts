import { randomUUID } from 'node:crypto';
import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { JobHelpers } from 'graphile-worker';
import { deliveries, letters, notifications, outgoingLetters, registerEntries, registers } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { admitSealedKeys, SealedKeysChanged } from '@/server/classified/letter-keys';
import { admitLetter } from '@/server/intake/admit-letter';
import { refusedBy } from '@/server/shared/db-errors';
import { findAgencyById } from '@/server/platform/agencies';
import { stableUuid } from '@/server/shared/stable-uuid';
import { bucket, s3 } from '@/server/storage/s3';
import { rootUnit } from '@/server/units/find-unit';

const SYSTEM = systemActor('ระบบสารบรรณ');

/** Whether the letter already here under this id came by this delivery (a retry), not something else. */
async function isThisDelivery(tx: TenantTx, tenantId: string, letterId: string, deliveryId: string) {
  const [row] = await tx.select({ source: letters.sourceDeliveryId }).from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId)));
  return row?.source === deliveryId;
}

/**
 * The delivery failed for good: the record says why, and whoever sent the letter is told
 * (the banner shows it too, until they confirm it).
 */
export async function markFailed(tenantId: string, deliveryId: string, reason: string) {
  await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const changed = await tx.update(deliveries).set({ state: 'failed', failedAt: new Date(), failedReason: reason })
      .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId), inArray(deliveries.state, ['queued', 'delivered'])))
      .returning({ id: deliveries.id, outgoingLetterId: deliveries.outgoingLetterId, recipientName: deliveries.recipientName });
    if (changed.length === 0) return;
    await recordAudit(tx, tenantId, { actor: SYSTEM, action: 'delivery.failed', targetType: 'delivery', targetId: deliveryId, data: { reason } });
    const letterId = changed[0]!.outgoingLetterId;
    if (!letterId) return;
    const [sender] = await tx.select({ sentBy: outgoingLetters.sentBy, subject: outgoingLetters.subject }).from(outgoingLetters)
      .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letterId)));
    if (sender?.sentBy) {
      await tx.insert(notifications).values({
        tenantId, id: randomUUID(), userId: sender.sentBy, kind: 'delivery_failed', letterId, title: `${changed[0]!.recipientName}: ${sender.subject}`,
      });
    }
  });
}

/**
 * Background job of the sender (electronic rule 4.2.2): puts the letter into the
 * recipient agency's waiting list, each side under its own tenant scope, and marks the
 * sender's record delivered. The recipient gets its own copies of the files. Retried
 * with backoff; a retry finds the letter already there (same id) and only finishes the
 * record, so nothing arrives twice. An unknown or disabled recipient fails the delivery
 * with the reason, as does the last failed attempt.
 */
export async function deliverToAgency({ tenantId, deliveryId }: { tenantId: string; deliveryId: string }, helpers?: JobHelpers) {
  const sender = { tenantId, userId: null, system: true };
  const delivery = await runInTenant(sender, async (tx) => {
    const [row] = await tx.select().from(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId)));
    return row;
  });
  if (!delivery || delivery.state !== 'queued' || delivery.channel !== 'platform' || !delivery.recipientTenantId) return;
  const recipientId = delivery.recipientTenantId;
  try {
    const recipient = await findAgencyById(recipientId);
    if (!recipient) return await markFailed(tenantId, deliveryId, 'recipient_not_found');
    if (recipient.status !== 'active') return await markFailed(tenantId, deliveryId, 'recipient_disabled');
    const [senderAgency] = await Promise.all([findAgencyById(tenantId)]);
    const l = delivery.letter;
    // A sealed letter keeps the sender's letter and file ids: its details, files and wrapped keys are bound to them.
    const letterId = l.seal?.letterId ?? stableUuid(`delivery:${tenantId}:${deliveryId}`);
    // Files in the agency's own folder are copied into the recipient's; a signed letter,
    // kept once by its hash (storage/s3.ts signedObjectKey), is referred to, not copied.
    const files = l.files.map((f, i) => ({
      ...f, id: f.id ?? stableUuid(`delivery-file:${deliveryId}:${i}`), objectKey: f.objectKey.startsWith('shared/') ? f.objectKey : `tenants/${recipientId}/letters/${letterId}/${i}`,
    }));
    await Promise.all(files.filter((f) => !f.objectKey.startsWith('shared/')).map((f) => s3().send(new CopyObjectCommand({
      Bucket: bucket(), Key: f.objectKey, CopySource: `${bucket()}/${encodeURI(l.files[files.indexOf(f)]!.objectKey)}`,
    }))));
    const admitted = await runInTenant({ tenantId: recipientId, userId: null, system: true }, async (tx) => {
      const unitId = await rootUnit(tx, recipientId);
      // A retry finds the letter already here (its stable id and external reference) and adds nothing.
      const added = await admitLetter(tx, recipientId, {
        letter: {
          id: letterId, unitId, channel: 'platform', documentNumber: l.documentNumber, letterDate: l.letterDate,
          fromText: l.fromText || senderAgency?.nameTh || '', toText: l.toText, subject: l.subject, urgency: l.urgency, secrecy: l.secrecy,
          externalRef: `platform:${deliveryId}`, sourceTenantId: tenantId, sourceDeliveryId: deliveryId, sealedDetails: l.seal?.details ?? null,
        },
        // The signed letter carries its own text: kept for search, not read again by OCR.
        files: files.map((f, i) => ({
          id: f.id, objectKey: f.objectKey, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256, sealed: f.sealed ?? false,
          ...(i === 0 && l.text ? { text: l.text, textId: stableUuid(`delivery-text:${deliveryId}`) } : {}),
        })),
        actor: systemActor(senderAgency?.nameTh ?? SYSTEM.name), audit: { documentNumber: l.documentNumber }, onConflict: 'ignore',
      });
      if (!added) return await isThisDelivery(tx, recipientId, letterId, deliveryId) ? 'again' : 'clash';
      if (l.seal) await admitSealedKeys(tx, recipientId, letterId, l.secrecy, l.seal.keys);
      return 'added';
    }).catch((error: unknown) => {
      // The receiving agency's keys changed between sending and delivery (a person withdrawn, a key replaced):
      // nothing was admitted; the sender is told why (docs/classified.md, "Not yet").
      if (error instanceof SealedKeysChanged || refusedBy(error, ['route_person_not_cleared', 'classified_key_unknown'] as const)) return 'keys_changed' as const;
      throw error;
    });
    if (admitted === 'keys_changed') return await markFailed(tenantId, deliveryId, 'recipient_keys_changed');
    if (admitted === 'clash') return await markFailed(tenantId, deliveryId, 'delivery_error');
    await runInTenant(sender, async (tx) => {
      const changed = await tx.update(deliveries).set({ state: 'delivered', deliveredAt: new Date(), recipientLetterId: letterId })
        .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId), eq(deliveries.state, 'queued'))).returning({ id: deliveries.id });
      if (changed.length > 0) await recordAudit(tx, tenantId, { actor: SYSTEM, action: 'delivery.delivered', targetType: 'delivery', targetId: deliveryId, data: { recipient: delivery.recipientName } });
    });
  } catch (error) {
    if (helpers && helpers.job.attempts >= helpers.job.max_attempts) await markFailed(tenantId, deliveryId, 'delivery_error');
    throw error;
  }
}

/**
 * Background job of the recipient after ลงรับ of a letter from the platform: the
 * sender's delivery record shows "registered", with the receive number, register and
 * time. Only a record that names this recipient and this letter is changed.
 */
/** The recipient sent the letter back (ส่งคืน): the sender's delivery record shows "returned", when and why. */
export async function reportReturn({ tenantId, letterId }: { tenantId: string; letterId: string }) {
  const found = await runInTenant({ tenantId, userId: null, system: true }, async (tx) => (await tx.select({
    sourceTenantId: letters.sourceTenantId, sourceDeliveryId: letters.sourceDeliveryId, returnedAt: letters.returnedAt, returnedReason: letters.returnedReason,
  }).from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId))))[0]);
  if (!found?.sourceTenantId || !found.sourceDeliveryId || !found.returnedAt) return;
  const senderId = found.sourceTenantId;
  await runInTenant({ tenantId: senderId, userId: null, system: true }, async (tx) => {
    const changed = await tx.update(deliveries).set({ state: 'returned', returnedAt: found.returnedAt, returnedReason: found.returnedReason })
      .where(and(eq(deliveries.tenantId, senderId), eq(deliveries.id, found.sourceDeliveryId!), eq(deliveries.recipientTenantId, tenantId),
        eq(deliveries.recipientLetterId, letterId), eq(deliveries.state, 'delivered')))
      .returning({ id: deliveries.id, outgoingLetterId: deliveries.outgoingLetterId, recipientName: deliveries.recipientName });
    if (changed.length === 0) return;
    await recordAudit(tx, senderId, { actor: SYSTEM, action: 'delivery.returned', targetType: 'delivery', targetId: found.sourceDeliveryId, data: { reason: found.returnedReason } });
    // Whoever sent it is told, as of a failed delivery.
    const outgoingId = changed[0]!.outgoingLetterId;
    const [sender] = outgoingId ? await tx.select({ sentBy: outgoingLetters.sentBy, subject: outgoingLetters.subject, secrecy: outgoingLetters.secrecy }).from(outgoingLetters)
      .where(and(eq(outgoingLetters.tenantId, senderId), eq(outgoingLetters.id, outgoingId))) : [];
    if (sender?.sentBy) {
      await tx.insert(notifications).values({
        tenantId: senderId, id: randomUUID(), userId: sender.sentBy, kind: 'delivery_returned', letterId: outgoingId,
        title: `${changed[0]!.recipientName}${sender.secrecy === 'normal' ? `: ${sender.subject}` : ''}`,
      });
    }
  });
}

export async function reportRegistration({ tenantId, letterId }: { tenantId: string; letterId: string }) {
  const found = await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const [row] = await tx.select({
      sourceTenantId: letters.sourceTenantId, sourceDeliveryId: letters.sourceDeliveryId, number: registerEntries.number,
      registeredAt: registerEntries.registeredAt, registerName: registers.nameTh,
    }).from(letters)
      .innerJoin(registerEntries, and(eq(registerEntries.tenantId, letters.tenantId), eq(registerEntries.letterId, letters.id), isNull(registerEntries.cancelledAt)))
      .innerJoin(registers, and(eq(registers.tenantId, registerEntries.tenantId), eq(registers.id, registerEntries.registerId)))
      .where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId)));
    return row;
  });
  if (!found?.sourceTenantId || !found.sourceDeliveryId) return;
  const senderId = found.sourceTenantId;
  const recipient = await findAgencyById(tenantId);
  await runInTenant({ tenantId: senderId, userId: null, system: true }, async (tx) => {
    const changed = await tx.update(deliveries).set({
      state: 'registered', registeredAt: found.registeredAt, receiveNumber: found.number, receiveRegister: `${found.registerName} ${recipient?.nameTh ?? ''}`.trim(),
    }).where(and(eq(deliveries.tenantId, senderId), eq(deliveries.id, found.sourceDeliveryId!), eq(deliveries.recipientTenantId, tenantId),
      eq(deliveries.recipientLetterId, letterId))).returning({ id: deliveries.id });
    if (changed.length > 0) {
      await recordAudit(tx, senderId, { actor: SYSTEM, action: 'delivery.registered', targetType: 'delivery', targetId: found.sourceDeliveryId, data: { number: found.number } });
    }
  });
}
