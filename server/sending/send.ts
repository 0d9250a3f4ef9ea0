import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { deliveries, outgoingFiles, outgoingLetters, type DeliveredLetter } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { queueDelivery } from '@/server/delivery/queue-delivery';
import { AppError } from '@/core/errors';
import type { DraftContent } from '@/core/draft-content';
import { checkSealing, sealedSending } from '@/server/classified/agency-keys';
import { isClassified } from '@/server/classified/letter-keys';
import { enqueue } from '@/server/queue/enqueue';
import { exchangeReady } from '@/server/exchange/connection';
import { newMessageId } from '@/server/exchange/send-letter';
import { findDirectoryEntries } from '@/server/tenancy/agency-directory';
import { rootUnit } from '@/server/units/find-unit';
import { currentContent, lockOutgoing } from './drafts';
import { actsForUnit, personFacts, routeRefusal } from './sending-rules';

/** The letter as plain text, in reading order: what the recipient searches (the signed PDF says the same). */
function letterText(documentNumber: string, agencyName: string, c: DraftContent) {
  return [
    documentNumber && `ที่ ${documentNumber}`, agencyName, `เรื่อง ${c.subject}`, c.addressee && `${c.salutation} ${c.addressee}`,
    ...c.references.map((r) => `อ้างถึง ${r}`), ...c.enclosures.map((e) => `สิ่งที่ส่งมาด้วย ${e}`), ...c.body, c.closing,
    c.signer.name && `(${c.signer.name})`, c.signer.position, c.ownerUnit, ...c.copies.map((x) => `สำเนาส่ง ${x}`),
  ].filter(Boolean).join('\n');
}

export const sendInput = z.object({
  letterId: z.uuid(),
  /** A classified letter: sealed in the sender's browser for each receiving agency (server/classified/agency-keys.ts). */
  sealed: sealedSending.optional(),
});
export const confirmInput = z.object({ deliveryIds: z.array(z.uuid()).min(1).max(200) });

/**
 * ส่ง (electronic rule 4.2.2): a signed letter goes to every recipient at once — to
 * agencies on the platform through the delivery job, to e-mail addresses through the
 * e-mail job — each with its delivery record, all in the transaction that marks the
 * letter sent, so it is sent completely or not at all, and never twice.
 */
export async function sendLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof sendInput>) {
  const tenantId = viewer.tenant.id;
  const letter = await lockOutgoing(tx, tenantId, input.letterId);
  if (letter.state === 'sent') throw new AppError('already_sent');
  if (letter.state !== 'signed') throw new AppError('not_signed');
  if (letter.supersededBy) throw new AppError('letter_superseded');
  if (!actsForUnit(letter, personFacts(viewer), await rootUnit(tx, tenantId))) throw new AppError('not_in_your_unit');
  const content = await currentContent(tx, tenantId, letter.id, letter.version);
  if (content.recipients.length === 0) throw new AppError('no_recipients');
  if (letter.secrecy === 'top_secret') throw new AppError('top_secret_refused');
  const refused = routeRefusal(letter.secrecy, content.recipients);
  if (refused) throw new AppError(refused);
  if (content.recipients.some((r) => r.kind === 'exchange') && !(await exchangeReady(tx, tenantId))) throw new AppError('exchange_not_set_up');
  const agencyIds = content.recipients.flatMap((r) => (r.kind === 'agency' ? [r.tenantId] : []));
  const agencies = new Map((await findDirectoryEntries(tx, agencyIds)).map((a) => [a.id, a]));
  for (const id of agencyIds) {
    const agency = agencies.get(id);
    if (!agency) throw new AppError('recipient_not_found');
    if (agency.status !== 'active') throw new AppError('recipient_disabled');
    if (id === tenantId) throw new AppError('recipient_is_self');
  }
  // Electronic transmission of ลับ and ลับมาก is encrypted end to end: the sender's browser sealed it
  // for each receiving agency's officers and recovery key, checked here against the directory.
  const sealing = await checkSealing(tx, viewer, letter, agencyIds, input.sealed);
  const files = await tx.select().from(outgoingFiles)
    .where(and(eq(outgoingFiles.tenantId, tenantId), eq(outgoingFiles.letterId, letter.id), inArray(outgoingFiles.kind, ['signed', 'attachment'])));
  const delivered: DeliveredLetter = {
    documentNumber: letter.documentNumber ?? '', letterDate: letter.letterDate!, fromText: viewer.tenant.nameTh, toText: '',
    subject: letter.subject, urgency: letter.urgency, secrecy: letter.secrecy,
    // A classified letter's text exists only sealed: nothing of it is delivered in the clear.
    ...(!isClassified(letter.secrecy) ? { text: letterText(letter.documentNumber ?? '', viewer.tenant.nameTh, content) } : {}),
    // The signed letter first, then its attachments.
    files: files.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'signed' ? -1 : 1))
      .map((f) => ({ objectKey: f.objectKey, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256, ...(f.sealed ? { id: f.id, sealed: true, fileName: 'sealed' } : {}) })),
  };
  const seen = new Set<string>();
  let count = 0;
  for (const r of content.recipients) {
    const key = r.kind === 'agency' ? `a:${r.tenantId}` : r.kind === 'exchange' ? `x:${r.orgId}` : `e:${r.address.toLowerCase()}`;
    if (seen.has(key)) continue; // the same recipient twice (to and copy) gets one letter
    seen.add(key);
    count++;
    const toText = r.copy ? `${r.name} (สำเนา)` : content.addressee || r.name;
    if (r.kind === 'agency') {
      const keys = sealing.get(r.tenantId);
      const seal = keys ? { seal: { letterId: letter.id, details: input.sealed!.details, keys } } : {};
      await queueDelivery(tx, tenantId, { recipientTenantId: r.tenantId, recipientName: agencies.get(r.tenantId)!.nameTh, outgoingLetterId: letter.id, letter: { ...delivered, toText, ...seal } });
    } else if (r.kind === 'exchange') {
      const id = randomUUID();
      const messageId = newMessageId();
      await tx.insert(deliveries).values({
        tenantId, id, channel: 'exchange', recipientName: r.name, outgoingLetterId: letter.id, exchangeOrgId: r.orgId, exchangeMinistryId: r.ministryId,
        exchangeMessageId: messageId,
        letter: { ...delivered, toText, signer: { name: content.signer.name, position: content.signer.position }, references: content.references, enclosures: content.enclosures },
      });
      await enqueue(tx, 'exchange.send', { deliveryId: id }, { jobKey: `exchange-send:${messageId}`, maxAttempts: 8 });
    } else {
      const id = randomUUID();
      await tx.insert(deliveries).values({
        tenantId, id, channel: 'email', recipientEmail: r.address, recipientName: r.name || r.address, outgoingLetterId: letter.id, letter: { ...delivered, toText },
      });
      await enqueue(tx, 'delivery.email', { deliveryId: id }, { jobKey: `email:${id}`, maxAttempts: 8 });
    }
  }
  const at = new Date();
  await tx.update(outgoingLetters).set({ state: 'sent', sentAt: at, sentBy: viewer.user.id, sentByName: viewer.user.fullNameTh, updatedAt: at })
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'outgoing.sent', targetType: 'outgoing', targetId: letter.id, data: { documentNumber: letter.documentNumber, recipients: count } });
  return { recipients: count, sentAt: at };
}

/** The sender acknowledges delivery results (failures included): they leave the banner. */
export async function confirmDeliveries(tx: TenantTx, viewer: Viewer, input: z.infer<typeof confirmInput>) {
  const tenantId = viewer.tenant.id;
  const rows = await tx.update(deliveries).set({ confirmedAt: sql`now()`, confirmedByName: viewer.user.fullNameTh })
    .where(and(eq(deliveries.tenantId, tenantId), inArray(deliveries.id, input.deliveryIds), sql`confirmed_at is null`, sql`state <> 'queued'`))
    .returning({ id: deliveries.id });
  if (rows.length > 0) await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'delivery.confirmed', targetType: 'delivery', targetId: rows[0]!.id, data: { count: rows.length } });
  return { confirmed: rows.length };
}
