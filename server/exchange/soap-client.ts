import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { env } from '@/core/env';
import { MailHostRefused, mailConnectTarget, mailHostAllowed } from '@/server/mail/mail-host';
import { envelopeAround, readEnvelope } from './gov-document';

export type ExchangeEndpoint = { url: string; username: string; password: string };

export const exchangeFailures = [
  'exchange_host_not_allowed', 'exchange_unreachable', 'exchange_timeout', 'exchange_server_error', 'exchange_auth_failed',
  'exchange_refused', 'exchange_response_too_large', 'exchange_answer_unreadable',
] as const;
export type ExchangeFailure = (typeof exchangeFailures)[number];

/** A call to the exchange node that failed, with a reason key the admin and the sender see in Thai (and the node's own words, if any). */
export class ExchangeCallError extends Error {
  constructor(readonly reason: ExchangeFailure, readonly detail = '') {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

/**
 * Connections to exchange nodes are kept between calls (a pull is two calls an item), up to 16
 * a node, each closed after 4 s unused or a second before the node says it would close it.
 */
const keptConnections = { keepAlive: true, maxSockets: 16, timeout: 4_000 };
const httpAgent = new http.Agent(keptConnections);
const httpsAgent = new https.Agent(keptConnections);

/** The node's host is checked like an agency's mail server (server/mail/mail-host.ts), under its own lists. */
const hostRules = () => ({ allowed: env().EXCHANGE_ALLOWED_HOSTS, internal: env().EXCHANGE_INTERNAL_HOSTS });

/** A node address an agency may name (http or https, a host the platform allows). */
export function exchangeUrlAllowed(raw: string) {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  return mailHostAllowed(url.hostname, hostRules());
}

/**
 * One SOAP call: the body wrapped in an envelope with a fresh MessageID (or the given one),
 * POSTed as text/xml with the agency's credentials (HTTP Basic) to the address checked
 * once, with a time limit on the whole call (and on any silence). The answer is read up to `maxBytes`; beyond that only its first
 * part is kept (`oversized`), so a huge message is never held whole. A SOAP fault from the
 * node is an ExchangeCallError('exchange_refused') with the node's reason.
 */
export async function callExchange(endpoint: ExchangeEndpoint, body: string | Buffer, options: { messageId?: string; maxBytes?: number; timeoutMs?: number; action?: string } = {}) {
  const url = new URL(endpoint.url);
  const messageId = options.messageId ?? `uuid:${randomUUID()}`;
  const [open, close] = envelopeAround({ messageId, to: endpoint.url, action: options.action });
  const payload = Buffer.concat([Buffer.from(open), typeof body === 'string' ? Buffer.from(body) : body, Buffer.from(close)]);
  let target;
  try {
    target = await mailConnectTarget(url.hostname, hostRules());
  } catch (error) {
    if (error instanceof MailHostRefused) throw new ExchangeCallError('exchange_host_not_allowed');
    throw new ExchangeCallError('exchange_unreachable');
  }
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const answer = await new Promise<{ status: number; body: string; oversized: boolean }>((resolve, reject) => {
    let request: http.ClientRequest;
    // The whole call is bounded, not only each silence: a node that answers a byte at a time cannot hold it.
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      request.destroy(new ExchangeCallError('exchange_timeout'));
    }, timeoutMs);
    const fail = (error: unknown) => {
      clearTimeout(deadline);
      reject(timedOut ? new ExchangeCallError('exchange_timeout') : error instanceof ExchangeCallError ? error : new ExchangeCallError('exchange_unreachable'));
    };
    const send = (again: boolean) => {
      let answered = false;
      request = (url.protocol === 'https:' ? https : http).request({
        host: target.address, servername: target.servername, port: url.port || (url.protocol === 'https:' ? 443 : 80), path: `${url.pathname}${url.search}`,
        method: 'POST', timeout: timeoutMs, agent: url.protocol === 'https:' ? httpsAgent : httpAgent,
        headers: {
          'content-type': 'text/xml; charset=utf-8', 'content-length': payload.length, soapaction: `"${options.action ?? ''}"`, host: url.host,
          authorization: `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')}`,
        },
      }, (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        let size = 0;
        let oversized = false;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            // Only the beginning is kept: it names the item (ProcessID) so it can still be answered and removed.
            if (!oversized) chunks.push(chunk.subarray(0, Math.max(0, chunk.length - (size - maxBytes))));
            oversized = true;
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          clearTimeout(deadline);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), oversized });
        });
        response.on('error', fail);
      });
      request.on('timeout', () => request.destroy(new ExchangeCallError('exchange_timeout')));
      request.on('error', (error: NodeJS.ErrnoException) => {
        // A kept connection the node closed just as this call went out on it: the node never read
        // the call, which goes once more on a new connection (every call may be repeated: the same
        // MessageID, and a pull or delete asks again for the same item).
        if (!again && !answered && !timedOut && request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) return send(true);
        fail(error);
      });
      request.end(payload);
    };
    send(false);
  });
  if (answer.status === 401 || answer.status === 403) throw new ExchangeCallError('exchange_auth_failed');
  if (answer.oversized) return { messageId, oversized: true as const, head: answer.body };
  let read;
  try {
    read = readEnvelope(answer.body);
  } catch {
    throw new ExchangeCallError(answer.status >= 500 ? 'exchange_server_error' : 'exchange_answer_unreadable', `HTTP ${answer.status}`);
  }
  if (read.fault) throw new ExchangeCallError(read.fault.code.endsWith('Client') ? 'exchange_refused' : 'exchange_server_error', read.fault.reason.slice(0, 300));
  if (answer.status >= 500) throw new ExchangeCallError('exchange_server_error', `HTTP ${answer.status}`);
  if (!read.content) throw new ExchangeCallError('exchange_answer_unreadable', 'empty Body');
  return { messageId, oversized: false as const, xml: answer.body, content: read.content, headers: read.headers };
}
