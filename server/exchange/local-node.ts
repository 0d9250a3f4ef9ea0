import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLSerializer, type Element as XmlElement } from '@xmldom/xmldom';
import {
  childText, children, envelopeAround, ExchangeMessageError, faultXml, find, findNotice, organizationsXml, readEnvelope, type Organization,
} from './gov-document';

/**
 * A government exchange node on loopback, for tests, benchmarks and the zero-setup demo:
 * the ECMS operations over SOAP, one queue per organisation, notices, withdrawal and the
 * directory. Items live in this process's memory (a stand-in for the national service, not
 * a store of the platform's own); callers authenticate with HTTP Basic as an organisation.
 */
export type NodeOrganization = Organization & { username: string; password: string };

type Item = {
  processId: string; messageId: string; from: string; to: string; kind: 'letter' | 'notice';
  /** The GovernmentDocument or notice element as received, as bytes (each pull answers with them, not encoding them again). */
  xml: Buffer;
  state: 'queued' | 'pulled' | 'received' | 'withdrawn';
  queuedAt: number;
};

export type ExchangeNode = {
  url: string;
  close(): Promise<void>;
  /** Items still in an organisation's queue. */
  queued(orgId: string): number;
  /** Tests: after `after` more calls answered well, the next `count` calls answer like a broken node (`dribble`: a byte every 200 ms, never ending). */
  misbehave(mode: 'http500' | 'hang' | 'dribble' | null, count?: number, after?: number): void;
  organizations: NodeOrganization[];
  /** A new organisation on the network (tests give each agency its own). */
  addOrganization(org: NodeOrganization): void;
};

export async function startExchangeNode(options: {
  organizations: NodeOrganization[]; ministries: Organization[]; port?: number; maxBytes?: number;
}): Promise<ExchangeNode> {
  /** Each organisation's queue by process id, oldest first (a pull reads its head, not every item on the node). */
  const queues = new Map<string, Map<string, Item>>();
  const queueOf = (orgId: string) => queues.get(orgId) ?? queues.set(orgId, new Map()).get(orgId)!;
  const byMessage = new Map<string, Item>();
  let trouble: { mode: 'http500' | 'hang' | 'dribble' | null; count: number; after: number } = { mode: null, count: 0, after: 0 };
  const maxBytes = options.maxBytes ?? 160 * 1024 * 1024;
  const serializer = new XMLSerializer();
  /**
   * The document as its sender wrote it, passed on byte for byte (so a signature over its
   * text as written still holds); serialized again only when its text cannot stand alone
   * (a namespace it uses is declared outside it).
   */
  const asSent = (xml: string, element: XmlElement) => {
    const start = xml.indexOf(`<${element.tagName}`);
    const end = xml.lastIndexOf(`</${element.tagName}>`);
    if (start >= 0 && end > start) {
      const text = xml.slice(start, end + element.tagName.length + 3);
      const declared = new Set([...text.matchAll(/xmlns:([\w.-]+)=/g)].map((m) => m[1]));
      if ([...text.matchAll(/<\/?([\w.-]+):/g)].every((m) => declared.has(m[1]))) return text;
    }
    return serializer.serializeToString(element);
  };

  const answer = (res: http.ServerResponse, status: number, body: string | Buffer[], relatesTo?: string) => {
    const [open, close] = envelopeAround({ messageId: `uuid:${randomUUID()}`, to: 'http://www.w3.org/2005/08/addressing/anonymous', relatesTo });
    const bytes = Buffer.concat([Buffer.from(open), ...(typeof body === 'string' ? [Buffer.from(body)] : body), Buffer.from(close)]);
    res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8', 'content-length': bytes.length });
    res.end(bytes);
  };
  /** A SOAP 1.1 fault (HTTP 500): the caller's mistake (Client) or the node's own (Server). */
  const fault = (res: http.ServerResponse, reason: string, code: 'soap:Client' | 'soap:Server' = 'soap:Client', status = 500) => answer(res, status, faultXml(code, reason));

  function handle(org: NodeOrganization, xml: string, res: http.ServerResponse) {
    const { headers, content } = readEnvelope(xml);
    if (!content) return fault(res, 'empty Body');
    const op = content.localName ?? '';
    const reply = (body: string | Buffer[]) => answer(res, 200, body, headers.messageId);
    if (op === 'CorrespondenceLetterOutboundRequest') {
      const doc = find(content, 'GovernmentDocument') ?? content;
      const letter = find(doc, 'CorrespondenceLetter');
      if (!letter) return fault(res, 'no CorrespondenceLetter');
      const party = (tag: string) => childText(find(children(letter, tag)[0] ?? letter, 'DepartmentOrganization'), 'ID');
      const to = party('ReceiverParty');
      if (!options.organizations.some((o) => o.id === to)) return fault(res, `unknown receiver ${to}`);
      if (party('SenderParty') !== org.id) return fault(res, 'SenderParty is not the caller');
      if (!headers.messageId) return fault(res, 'no MessageID');
      const again = byMessage.get(`${org.id}|${headers.messageId}`);
      if (again) return reply(`<rsm:CorrespondenceLetterOutboundResponse><ram:ProcessID>${again.processId}</ram:ProcessID></rsm:CorrespondenceLetterOutboundResponse>`);
      const item: Item = { processId: randomUUID(), messageId: headers.messageId, from: org.id, to, kind: 'letter', xml: Buffer.from(asSent(xml, doc)), state: 'queued', queuedAt: Date.now() };
      queueOf(to).set(item.processId, item);
      byMessage.set(`${org.id}|${item.messageId}`, item);
      return reply(`<rsm:CorrespondenceLetterOutboundResponse><ram:ProcessID>${item.processId}</ram:ProcessID></rsm:CorrespondenceLetterOutboundResponse>`);
    }
    if (op.endsWith('NotifierRequest')) {
      const notice = findNotice(content);
      const element = children(content)[0];
      if (!notice || !element) return fault(res, 'no notice');
      if (!options.organizations.some((o) => o.id === notice.receiver.departmentId)) return fault(res, `unknown receiver ${notice.receiver.departmentId}`);
      const item: Item = { processId: randomUUID(), messageId: headers.messageId || `uuid:${randomUUID()}`, from: org.id, to: notice.receiver.departmentId, kind: 'notice', xml: Buffer.from(serializer.serializeToString(element)), state: 'queued', queuedAt: Date.now() };
      queueOf(item.to).set(item.processId, item);
      return reply(`<rsm:${op.replace(/Request$/, 'Response')}><ram:ProcessID>${item.processId}</ram:ProcessID></rsm:${op.replace(/Request$/, 'Response')}>`);
    }
    if (op === 'CorrespondenceLetterInboundRequest') {
      const next = queueOf(org.id).values().next().value;
      if (!next) return reply('<rsm:CorrespondenceLetterInboundResponse/>');
      next.state = 'pulled';
      return reply([Buffer.from(`<rsm:CorrespondenceLetterInboundResponse><ram:ProcessID>${next.processId}</ram:ProcessID><ram:MessageID>${next.messageId}</ram:MessageID>`
        + `<ram:SenderID>${next.from}</ram:SenderID>`), next.xml, Buffer.from('</rsm:CorrespondenceLetterInboundResponse>')]);
    }
    if (op === 'CorrespondenceLetterDeleteRequest') {
      const queue = queueOf(org.id);
      const item = queue.get(childText(content, 'ProcessID'));
      if (item) {
        queue.delete(item.processId);
        if (item.kind === 'letter') item.state = 'received';
      }
      return reply(`<rsm:CorrespondenceLetterDeleteResponse><ram:Deleted>${item ? 'true' : 'false'}</ram:Deleted></rsm:CorrespondenceLetterDeleteResponse>`);
    }
    if (op === 'CorrespondenceDeleteGovernmentDocumentRequest') {
      const item = byMessage.get(`${org.id}|${childText(content, 'LetterMessageID')}`);
      if (!item) return fault(res, 'unknown letter');
      if (item.state === 'received') return fault(res, 'the letter has already been received');
      queueOf(item.to).delete(item.processId);
      byMessage.delete(`${org.id}|${item.messageId}`);
      item.state = 'withdrawn';
      return reply('<rsm:CorrespondenceDeleteGovernmentDocumentResponse><ram:Withdrawn>true</ram:Withdrawn></rsm:CorrespondenceDeleteGovernmentDocumentResponse>');
    }
    if (op === 'OutboundStatusRequest') {
      const item = byMessage.get(`${org.id}|${childText(content, 'LetterMessageID')}`);
      return reply(`<rsm:OutboundStatusResponse><ram:Status>${item?.state ?? 'unknown'}</ram:Status></rsm:OutboundStatusResponse>`);
    }
    if (op === 'GetMinistryOrganizationList') return reply(organizationsXml('MinistryOrganizationList', options.ministries));
    if (op === 'GetOrganizationList') {
      const ministry = childText(content, 'MinistryID');
      return reply(organizationsXml('OrganizationList', options.organizations.filter((o) => !ministry || o.ministryId === ministry)
        .map(({ id, name, ministryId }) => ({ id, name, ministryId }))));
    }
    return fault(res, `unknown operation ${op}`);
  }

  const server = http.createServer((req, res) => {
    if (trouble.mode && trouble.count > 0 && trouble.after-- <= 0) {
      trouble.count--;
      if (trouble.mode === 'hang') return void req.resume();
      if (trouble.mode === 'dribble') {
        req.resume();
        res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
        const drip = setInterval(() => res.write(' '), 200);
        res.on('close', () => clearInterval(drip));
        return;
      }
      res.writeHead(500, { 'content-type': 'text/html' });
      return void res.end('<html><body>Internal Server Error</body></html>');
    }
    const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [user, pass] = auth ? Buffer.from(auth, 'base64').toString('utf8').split(/:(.*)/s) : [];
    const org = options.organizations.find((o) => o.username === user && o.password === pass);
    if (req.method !== 'POST' || !org) {
      res.writeHead(req.method !== 'POST' ? 405 : 401, { 'www-authenticate': 'Basic realm="ECMS"' });
      return void res.end();
    }
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) return void fault(res, 'message too large', 'soap:Client', 413);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBytes) return fault(res, 'message too large', 'soap:Client', 413);
      try {
        handle(org, Buffer.concat(chunks).toString('utf8'), res);
      } catch (error) {
        if (error instanceof ExchangeMessageError) fault(res, error.reason);
        else fault(res, 'server error', 'soap:Server');
      }
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ecms`,
    organizations: options.organizations,
    addOrganization: (org) => {
      options.organizations.push(org);
    },
    queued: (orgId) => queueOf(orgId).size,
    misbehave: (mode, count = 1, after = 0) => {
      trouble = { mode, count, after };
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export type { XmlElement };
