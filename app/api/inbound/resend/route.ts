import { readTextWithin } from '@/server/http/read-body';
import { acceptResendWebhook, WebhookSignatureError } from '@/server/intake/resend-inbound';

export const dynamic = 'force-dynamic';

const MAX_BODY = 1024 * 1024;

/** POST from Resend (email.received): see server/intake/resend-inbound.ts. */
export async function POST(req: Request) {
  // Never read whole before its size is known (the front door checks the announced length too).
  const body = await readTextWithin(req, MAX_BODY);
  if (body === null) return Response.json({ error: { messageKey: 'payload_too_large' } }, { status: 413 });
  try {
    const queued = await acceptResendWebhook(body, {
      id: req.headers.get('svix-id') ?? req.headers.get('webhook-id'),
      timestamp: req.headers.get('svix-timestamp') ?? req.headers.get('webhook-timestamp'),
      signature: req.headers.get('svix-signature') ?? req.headers.get('webhook-signature'),
    });
    return Response.json({ ok: true, queued });
  } catch (error) {
    if (error instanceof WebhookSignatureError) return Response.json({ error: { messageKey: 'webhook_signature_invalid' } }, { status: 401 });
    console.error('resend inbound webhook:', error);
    return Response.json({ error: { messageKey: 'internal' } }, { status: 500 });
  }
}
