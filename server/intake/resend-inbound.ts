import { recordEmailOutcome } from '@/server/sending/deliver-email';
import { Resend } from 'resend';
import { runInTenant } from '@/db/scope';
import { enqueue } from '@/server/queue/enqueue';
import { findAgencyByCode } from '@/server/platform/agencies';
import { readBytesWithin } from '@/server/http/read-body';
import { maxEmailBytes, receiveEmail, rejectEmail } from './receive-email';
import { env } from '@/core/env';

export class WebhookSignatureError extends Error {}

function resend() {
  return new Resend(env().RESEND_API_KEY);
}

/**
 * The Resend inbound webhook: verifies the signature (Standard Webhooks, with
 * RESEND_WEBHOOK_SECRET) over the exact body, then, for each recipient address whose
 * local part is an active agency's code (e.g. opm@…), queues fetching the message for
 * that agency. The e-mail itself is fetched by the job, so a slow or failing fetch is
 * retried and the webhook answers at once. Returns how many agencies it was queued for.
 */
export async function acceptResendWebhook(body: string, headers: { id: string | null; timestamp: string | null; signature: string | null }) {
  const secret = env().RESEND_WEBHOOK_SECRET;
  if (!secret || !headers.id || !headers.timestamp || !headers.signature) throw new WebhookSignatureError('unsigned');
  let event;
  try {
    event = resend().webhooks.verify({ payload: body, headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature }, webhookSecret: secret });
  } catch {
    throw new WebhookSignatureError('bad signature');
  }
  if (event.type === 'email.delivered' || event.type === 'email.bounced') {
    // A letter this platform sent by e-mail: its tags name the agency and the delivery record.
    const raw = (event.data as { tags?: Record<string, string> | Array<{ name: string; value: string }> }).tags;
    const tags = Array.isArray(raw) ? Object.fromEntries(raw.map((t) => [t.name, t.value])) : raw ?? {};
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (!uuid.test(tags.tenant ?? '') || !uuid.test(tags.delivery ?? '')) return 0;
    await recordEmailOutcome({ type: event.type, emailId: event.data.email_id, tenantId: tags.tenant!, deliveryId: tags.delivery! });
    return 1;
  }
  if (event.type !== 'email.received') return 0;
  const domain = env().INBOUND_EMAIL_DOMAIN;
  const codes = new Set<string>();
  for (const address of [...event.data.to, ...(event.data.received_for ?? [])]) {
    const [local, host] = address.replace(/^.*</, '').replace(/>.*$/, '').trim().toLowerCase().split('@');
    if (local && (!domain || host === domain)) codes.add(local);
  }
  let queued = 0;
  for (const code of codes) {
    const agency = await findAgencyByCode(code);
    if (!agency || agency.status !== 'active') continue;
    await runInTenant({ tenantId: agency.id, userId: null, system: true }, (tx) =>
      enqueue(tx, 'mail.fetch-resend', { emailId: event.data.email_id }, { jobKey: `resend:${event.data.email_id}` }));
    queued++;
  }
  return queued;
}

/** Background job: fetches a received e-mail from Resend as raw MIME and takes it in like any other. */
export async function fetchResendEmail({ tenantId, emailId }: { tenantId: string; emailId: string }) {
  const { data, error } = await resend().emails.receiving.get(emailId);
  if (error || !data) throw new Error(`Resend: ${error?.message ?? 'no data'}`);
  if (!data.raw?.download_url) throw new Error('Resend: the message has no raw download');
  const response = await fetch(data.raw.download_url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`Resend raw download: HTTP ${response.status}`);
  // Never read whole before its size is known.
  const raw = await readBytesWithin(response, maxEmailBytes());
  if (!raw) {
    const about = data as { from?: string; subject?: string };
    await rejectEmail(tenantId, null, { fromText: about.from ?? '', subject: about.subject ?? '', reason: 'file_too_large', externalRef: `email:resend:${emailId}` });
    return;
  }
  await receiveEmail(tenantId, null, raw);
}
