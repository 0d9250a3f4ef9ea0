import { render, toPlainText } from '@react-email/render';
import { and, eq, sql } from 'drizzle-orm';
import type { JobHelpers } from 'graphile-worker';
import { createElement } from 'react';
import LetterDelivery from '@/emails/letter-delivery';
import { deliveries, tenants } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { markFailed } from '@/server/delivery/deliver';
import { DOWNLOAD_LINK_DAYS, downloadToken, downloadUrl } from './download-link';
import { PermanentMailError, sendEmail } from '@/server/mail/send-email';
import { outageOf } from '@/server/shared/outage';
import { formatIsoDate } from '@/server/shared/thai-date';
import { readObject } from '@/server/storage/s3';
import { env } from '@/core/env';

const urgencyText = { normal: '', urgent: 'ด่วน', very_urgent: 'ด่วนมาก', most_urgent: 'ด่วนที่สุด' } as const;

/**
 * Background job of the sender: the letter to an address outside the platform, the
 * signed PDF and attachments attached. Through the agency's mail server (accepted there =
 * delivered) or Resend (its webhook reports delivered or bounced), or the local outbox.
 * Sent once per delivery (idempotency key), retried with backoff; an address refused
 * for good, or the last failed attempt, fails the delivery with the reason.
 */
export async function deliverByEmail({ tenantId, deliveryId }: { tenantId: string; deliveryId: string }, helpers?: JobHelpers) {
  const scope = { tenantId, userId: null, system: true };
  const found = await runInTenant(scope, async (tx) => {
    const [delivery] = await tx.select().from(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId)));
    const [agency] = await tx.select({ nameTh: tenants.nameTh, phone: tenants.phone, email: tenants.email, settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
    return delivery && agency ? { delivery, agency } : null;
  });
  if (!found || found.delivery.state !== 'queued' || found.delivery.channel !== 'email' || !found.delivery.recipientEmail) return;
  const { delivery, agency } = found;
  const l = delivery.letter;
  try {
    // Files too large to attach all together go as expiring download links instead.
    const limit = env().EMAIL_ATTACHMENT_LIMIT_MB * 1024 * 1024;
    const attach = l.files.reduce((sum, f) => sum + f.size, 0) <= limit;
    const attachments = attach ? await Promise.all(l.files.map(async (f) => ({ filename: f.fileName, content: await readObject(f.objectKey), contentType: f.contentType }))) : [];
    const element = createElement(LetterDelivery, {
      agencyName: agency.nameTh, agencyContact: [agency.phone && `โทร. ${agency.phone}`, agency.email].filter(Boolean).join(' '),
      documentNumber: l.documentNumber, letterDate: formatIsoDate(l.letterDate, { thaiDigits: false }), subject: l.subject,
      urgency: urgencyText[l.urgency], toText: l.toText,
      files: l.files.map((f, i) => ({ name: f.fileName, url: attach ? null : downloadUrl(downloadToken(tenantId, deliveryId, i)) })),
      linkDays: attach ? null : DOWNLOAD_LINK_DAYS,
    });
    const html = await render(element);
    const result = await sendEmail(tenantId, {
      kind: 'letter', fromName: agency.nameTh, to: delivery.recipientEmail!,
      subject: `${urgencyText[l.urgency] ? `${urgencyText[l.urgency]} ` : ''}${l.documentNumber ? `ที่ ${l.documentNumber} ` : ''}เรื่อง ${l.subject}`.slice(0, 900),
      html, text: toPlainText(html), attachments, tags: { tenant: tenantId, delivery: deliveryId }, idempotencyKey: `delivery:${deliveryId}`,
    });
    await runInTenant(scope, async (tx) => {
      // Accepted by the agency's mail server (or kept in the local outbox): delivered. Through
      // Resend, its webhook says delivered or bounced.
      const done = result.transport !== 'resend';
      const changed = await tx.update(deliveries).set({
        transport: result.transport, providerMessageId: result.providerId, attempts: sql`attempts + 1`, lastError: null,
        ...(done ? { state: 'delivered' as const, deliveredAt: new Date() } : {}),
      }).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId), eq(deliveries.state, 'queued'))).returning({ id: deliveries.id });
      if (done && changed.length > 0) {
        await recordAudit(tx, tenantId, { actor: systemActor('ระบบสารบรรณ'), action: 'delivery.delivered', targetType: 'delivery', targetId: deliveryId, data: { recipient: delivery.recipientEmail, transport: result.transport } });
      }
    });
  } catch (error) {
    if (error instanceof PermanentMailError) return await markFailed(tenantId, deliveryId, 'bounced');
    // A service that is down is named (a message key the sender's page shows in Thai); the try is repeated.
    const message = String((error as Error).message ?? error);
    const lastError = outageOf(error) ?? (message === 'mail_connection_failed' ? 'mail_unavailable' : message.slice(0, 500));
    await runInTenant(scope, (tx) => tx.update(deliveries).set({ attempts: sql`attempts + 1`, lastError })
      .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId))));
    if (helpers && helpers.job.attempts >= helpers.job.max_attempts) await markFailed(tenantId, deliveryId, 'provider_unavailable');
    throw error;
  }
}

/**
 * Resend's delivery webhooks (email.delivered, email.bounced) for a letter sent by e-mail:
 * the record named in the e-mail's tags moves on, if the provider's message id matches.
 */
export async function recordEmailOutcome(event: { type: string; emailId: string; tenantId: string; deliveryId: string }) {
  if (event.type === 'email.bounced') {
    const ours = await runInTenant({ tenantId: event.tenantId, userId: null, system: true }, async (tx) => (await tx.select({ id: deliveries.id }).from(deliveries)
      .where(and(eq(deliveries.tenantId, event.tenantId), eq(deliveries.id, event.deliveryId), eq(deliveries.providerMessageId, event.emailId))))[0]);
    if (ours) await markFailed(event.tenantId, event.deliveryId, 'bounced');
    return;
  }
  if (event.type !== 'email.delivered') return;
  await runInTenant({ tenantId: event.tenantId, userId: null, system: true }, async (tx) => {
    const changed = await tx.update(deliveries).set({ state: 'delivered', deliveredAt: new Date() })
      .where(and(eq(deliveries.tenantId, event.tenantId), eq(deliveries.id, event.deliveryId), eq(deliveries.providerMessageId, event.emailId), eq(deliveries.state, 'queued')))
      .returning({ id: deliveries.id });
    if (changed.length > 0) await recordAudit(tx, event.tenantId, { actor: systemActor('Resend'), action: 'delivery.delivered', targetType: 'delivery', targetId: event.deliveryId, data: { emailId: event.emailId } });
  });
}
