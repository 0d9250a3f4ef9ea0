import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { POST as resendWebhook } from '@/app/api/inbound/resend/route';
import { resetEnv } from '@/core/env';
import { freePort } from '@/server/runtime/free-port';

export type SentEmail = {
  body: { [key: string]: unknown; to: string[]; subject: string; attachments?: Array<{ filename: string; content: string }>; tags?: Array<{ name: string; value: string }> };
  idempotencyKey: string | undefined;
};

/**
 * Resend's API as the SDK calls it, on loopback, for one test file: sending (recorded in
 * `sent`), and received e-mails (`raws`, by id) with their raw download. The process's
 * RESEND_* variables point at it until `stop()`. `webhook` posts a payload signed the way
 * Resend signs it to the app's webhook route.
 */
export async function startLocalResend() {
  const port = await freePort();
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const sent: SentEmail[] = [];
  const raws = new Map<string, Buffer>();
  const api = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/emails') {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => {
        sent.push({ body: JSON.parse(body), idempotencyKey: req.headers['idempotency-key'] as string | undefined });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id: `re_sent_${sent.length}` }));
      });
      return;
    }
    const email = /^\/emails\/receiving\/([^/?]+)/.exec(req.url ?? '');
    const raw = /^\/raw\/([^/?]+)/.exec(req.url ?? '');
    if (email && raws.has(email[1]!)) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ object: 'email', id: email[1], raw: { download_url: `http://127.0.0.1:${port}/raw/${email[1]}`, expires_at: new Date(Date.now() + 3600_000).toISOString() }, attachments: [] }));
    } else if (raw && raws.has(raw[1]!)) {
      res.end(raws.get(raw[1]!));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ name: 'not_found', message: 'not found' }));
    }
  }).listen(port, '127.0.0.1');
  Object.assign(process.env, { RESEND_BASE_URL: `http://127.0.0.1:${port}`, RESEND_API_KEY: 're_test_key', RESEND_WEBHOOK_SECRET: secret });
  resetEnv();
  return {
    sent, raws, secret,
    stop() {
      api.close();
      for (const name of ['RESEND_BASE_URL', 'RESEND_API_KEY', 'RESEND_WEBHOOK_SECRET']) delete process.env[name];
      resetEnv();
    },
    webhook(body: string, sign = secret) {
      const id = `msg_${randomBytes(8).toString('hex')}`;
      const timestamp = new Date();
      const signature = new Webhook(sign).sign(id, timestamp, body);
      return resendWebhook(new Request('http://127.0.0.1/api/inbound/resend', {
        method: 'POST', body, headers: { 'svix-id': id, 'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'svix-signature': signature },
      }));
    },
  };
}
