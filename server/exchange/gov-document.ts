import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import type { Secrecy, Urgency } from '@/core/letters';

/**
 * The TH e-GIF "GovernmentDocument" messages of the government e-document exchange (ECMS):
 * SOAP 1.1 envelopes with WS-Addressing headers, written in the standard's namespaces and
 * read by local names only, since published systems spell the namespaces differently
 * (docs/exchange.md). Pure: no I/O.
 */

export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsa: 'http://www.w3.org/2005/08/addressing',
  rsm: 'urn:th:gov:egif:data:standard:GovernmentDocument:1.0',
  ram: 'urn:th:gov:egif:data:standard:ReusableAggregateBusinessInformationEntity:1',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/** Secrecy codes of the standard (SecretCode). */
export const secretCodes: Record<Secrecy | 'top_secret', string> = { normal: '001', confidential: '002', secret: '003', top_secret: '004' };
/** Urgency codes (SpeedCode): ปกติ, ด่วน, ด่วนมาก, ด่วนที่สุด. */
export const speedCodes: Record<Urgency, string> = { normal: '001', urgent: '002', very_urgent: '003', most_urgent: '004' };

export const urgencyOfCode = (code: string): Urgency =>
  (Object.entries(speedCodes).find(([, c]) => c === code.trim())?.[0] as Urgency | undefined) ?? 'normal';
/** The secrecy a code names, or null for a code outside the list. */
export const secrecyOfCode = (code: string): Secrecy | 'top_secret' | null =>
  (Object.entries(secretCodes).find(([, c]) => c === (code.trim() || '001'))?.[0] as Secrecy | 'top_secret' | undefined) ?? null;

export type ExchangeParty = {
  givenName: string; familyName: string; jobTitle: string;
  ministryId: string; departmentId: string;
  /** The organisation's name as the sender wrote it (not in every system's messages). */
  organizationName: string;
};

export type ExchangeFile = { fileName: string; mimeCode: string; content: Buffer };

export type ExchangeLetter = {
  /** ที่: the sender's document number. */
  id: string;
  /** The letter's date, yyyy-MM-dd in the Christian era. */
  correspondenceDate: string;
  subject: string;
  secretCode: string;
  speedCode: string;
  sender: ExchangeParty;
  receiver: ExchangeParty;
  references: string[];
  /** The letter's "สิ่งที่ส่งมาด้วย" as text. */
  attachmentText: string;
  sendDate: string;
  description: string;
  mainLetter: ExchangeFile | null;
  attachments: ExchangeFile[];
};

export const noticeKinds = ['receive', 'accept', 'reject', 'invalid', 'invalid_accept_id'] as const;
export type NoticeKind = (typeof noticeKinds)[number];
const noticeElement: Record<NoticeKind, string> = {
  receive: 'ReceiveLetterNotifier', accept: 'AcceptLetterNotifier', reject: 'RejectLetterNotifier',
  invalid: 'InvalidLetterNotifier', invalid_accept_id: 'InvalidAcceptIDNotifier',
};

export type ExchangeNotice = {
  kind: NoticeKind;
  /** The MessageID of the letter this notice is about. */
  letterMessageId: string;
  /** The receiver's document number of the letter as it was sent (ID). */
  letterId: string;
  /** AcceptLetterNotifier: the receiver's register number and its time. */
  acceptId: string;
  acceptDate: string;
  /** Why (reject, invalid). */
  description: string;
  sender: Pick<ExchangeParty, 'ministryId' | 'departmentId'>;
  receiver: Pick<ExchangeParty, 'ministryId' | 'departmentId'>;
};

export type Organization = { id: string; name: string; ministryId: string };

export type Headers = { messageId: string; to: string; relatesTo?: string; action?: string };

// ---------------------------------------------------------------- writing

/** Characters XML 1.0 cannot carry: left out rather than making the message unreadable. */
const XML_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
  .replace(XML_UNSAFE, '');

const el = (name: string, text: string | undefined) => `<${name}>${escapeXml(text ?? '')}</${name}>`;

// The CorrespondenceLetter is written in its exclusive canonical form (XML C14N 1.0 as
// exc-c14n renders it: each top-most element declares the namespace it uses, attributes in
// order, text and attribute values escaped as canonicalization does), so the digest its
// XML signature needs is the hash of exactly this text; a verifier that canonicalizes the
// parsed element gets the same bytes (tests/unit/exchange-messages.test.ts checks this with
// xml-crypto).
const canonicalText = (s: string) => s.replace(XML_UNSAFE, '').replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' })[c]!);
const canonicalAttribute = (s: string) => s.replace(XML_UNSAFE, '')
  .replace(/[&<"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' })[c]!);
const RAM = ` xmlns:ram="${NS.ram}"`;
/** A ram: element in canonical form; `top` when it is a direct child of the letter (it then declares ram:). */
const cel = (name: string, text: string | undefined, top = false) => `<ram:${name}${top ? RAM : ''}>${canonicalText(text ?? '')}</ram:${name}>`;

function party(tag: string, p: ExchangeParty) {
  return `<ram:${tag}${RAM}>${cel('GivenName', p.givenName)}${cel('FamilyName', p.familyName)}${cel('JobTitle', p.jobTitle)}`
    + `<ram:MinistryOrganization>${cel('ID', p.ministryId)}</ram:MinistryOrganization>`
    + `<ram:DepartmentOrganization>${cel('ID', p.departmentId)}${cel('Name', p.organizationName)}</ram:DepartmentOrganization></ram:${tag}>`;
}

function binary(tag: string, f: ExchangeFile) {
  // Attributes in canonical order: fileName before mimeCode.
  return [`<ram:${tag}${RAM} fileName="${canonicalAttribute(f.fileName)}" mimeCode="${canonicalAttribute(f.mimeCode)}">`, f.content.toString('base64'), `</ram:${tag}>`];
}

/**
 * The CorrespondenceLetter element of a GovernmentDocument (what the XML signature covers),
 * in canonical form; `id` is the Id attribute its signature's Reference names.
 */
export function correspondenceLetterXml(l: ExchangeLetter, id?: string) {
  return correspondenceLetterParts(l, id).join('');
}

/**
 * The same text in parts, each file's base64 a part of its own (ASCII: hashed and encoded
 * without copying the whole letter into one string).
 */
export function correspondenceLetterParts(l: ExchangeLetter, id?: string): string[] {
  return [`<rsm:CorrespondenceLetter xmlns:rsm="${NS.rsm}"${id ? ` Id="${canonicalAttribute(id)}"` : ''}>`
    + `${cel('ID', l.id, true)}${cel('CorrespondenceDate', l.correspondenceDate, true)}${cel('Subject', l.subject, true)}`
    + `${cel('SecretCode', l.secretCode, true)}${cel('SpeedCode', l.speedCode, true)}${party('SenderParty', l.sender)}${party('ReceiverParty', l.receiver)}`
    + l.references.map((r) => `<ram:ReferenceCorrespondence${RAM}>${cel('ID', r)}</ram:ReferenceCorrespondence>`).join('')
    + `${cel('Attachment', l.attachmentText, true)}${cel('SendDate', l.sendDate, true)}${cel('Description', l.description, true)}`,
  ...[...(l.mainLetter ? [['MainLetterBinaryObject', l.mainLetter] as const] : []), ...l.attachments.map((a) => ['AttachmentBinaryObject', a] as const)].flatMap(([tag, f]) => binary(tag, f)),
  '</rsm:CorrespondenceLetter>'];
}

/** A SOAP 1.1 envelope with WS-Addressing MessageID and To (and RelatesTo for an answer). */
export function envelope(h: Headers, body: string) {
  const [open, close] = envelopeAround(h);
  return `${open}${body}${close}`;
}

/** The envelope's text before and after its body (a large body is then sent as bytes between them). */
export function envelopeAround(h: Headers): [string, string] {
  return ['<?xml version="1.0" encoding="UTF-8"?>'
    + `<soap:Envelope xmlns:soap="${NS.soap}" xmlns:wsa="${NS.wsa}" xmlns:rsm="${NS.rsm}" xmlns:ram="${NS.ram}">`
    + `<soap:Header>${h.action ? el('wsa:Action', h.action) : ''}${el('wsa:MessageID', h.messageId)}${el('wsa:To', h.to)}${h.relatesTo ? el('wsa:RelatesTo', h.relatesTo) : ''}</soap:Header>`
    + '<soap:Body>', '</soap:Body></soap:Envelope>'];
}

/** A letter going out: the GovernmentDocument with its (already signed) CorrespondenceLetter and GovernmentSignature, as bytes. */
export function outboundLetterBody(governmentDocument: string | Buffer) {
  return Buffer.concat([Buffer.from('<rsm:CorrespondenceLetterOutboundRequest>'), typeof governmentDocument === 'string' ? Buffer.from(governmentDocument) : governmentDocument,
    Buffer.from('</rsm:CorrespondenceLetterOutboundRequest>')]);
}

export function noticeXml(n: ExchangeNotice) {
  const tag = noticeElement[n.kind];
  return `<rsm:${tag}>${el('ram:LetterMessageID', n.letterMessageId)}${el('ram:LetterID', n.letterId)}`
    + (n.kind === 'accept' ? `${el('ram:AcceptID', n.acceptId)}${el('ram:AcceptDate', n.acceptDate)}` : '')
    + el('ram:Description', n.description)
    + `<ram:SenderParty><ram:MinistryOrganization>${el('ram:ID', n.sender.ministryId)}</ram:MinistryOrganization><ram:DepartmentOrganization>${el('ram:ID', n.sender.departmentId)}</ram:DepartmentOrganization></ram:SenderParty>`
    + `<ram:ReceiverParty><ram:MinistryOrganization>${el('ram:ID', n.receiver.ministryId)}</ram:MinistryOrganization><ram:DepartmentOrganization>${el('ram:ID', n.receiver.departmentId)}</ram:DepartmentOrganization></ram:ReceiverParty>`
    + `</rsm:${tag}>`;
}

export const noticeRequest = (n: ExchangeNotice) => `<rsm:${noticeElement[n.kind]}Request>${noticeXml(n)}</rsm:${noticeElement[n.kind]}Request>`;
export const inboundRequest = () => '<rsm:CorrespondenceLetterInboundRequest/>';
export const deleteRequest = (processId: string) => `<rsm:CorrespondenceLetterDeleteRequest>${el('ram:ProcessID', processId)}</rsm:CorrespondenceLetterDeleteRequest>`;
export const withdrawRequest = (letterMessageId: string) =>
  `<rsm:CorrespondenceDeleteGovernmentDocumentRequest>${el('ram:LetterMessageID', letterMessageId)}</rsm:CorrespondenceDeleteGovernmentDocumentRequest>`;
export const statusRequest = (letterMessageId: string) => `<rsm:OutboundStatusRequest>${el('ram:LetterMessageID', letterMessageId)}</rsm:OutboundStatusRequest>`;
export const ministryListRequest = () => '<rsm:GetMinistryOrganizationList/>';
export const organizationListRequest = (ministryId: string) => `<rsm:GetOrganizationList>${el('ram:MinistryID', ministryId)}</rsm:GetOrganizationList>`;

export function organizationsXml(tag: 'MinistryOrganizationList' | 'OrganizationList', list: Organization[]) {
  return `<rsm:${tag}>${list.map((o) => `<ram:Organization>${el('ram:ID', o.id)}${el('ram:Name', o.name)}${el('ram:MinistryID', o.ministryId)}</ram:Organization>`).join('')}</rsm:${tag}>`;
}

export function faultXml(code: 'soap:Client' | 'soap:Server', reason: string) {
  return `<soap:Fault>${el('faultcode', code)}${el('faultstring', reason)}</soap:Fault>`;
}

// ---------------------------------------------------------------- reading

export class ExchangeMessageError extends Error {
  constructor(readonly reason: 'exchange_xml_malformed' | 'exchange_xml_dtd' | 'exchange_message_incomplete' | 'exchange_base64_invalid', detail = '') {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

/**
 * Parses a message. A document type declaration is refused before parsing (SOAP forbids
 * it, and it is how external entities and entity expansion get in); any parse error is
 * an error, never a partial document.
 */
export function parseXml(xml: string) {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new ExchangeMessageError('exchange_xml_dtd');
  const fail = (message: string) => {
    throw new ExchangeMessageError('exchange_xml_malformed', message.slice(0, 200));
  };
  let doc;
  try {
    doc = new DOMParser({ locator: false, onError: (level, message) => (level === 'warning' ? undefined : fail(message)) }).parseFromString(xml, 'text/xml');
  } catch (error) {
    if (error instanceof ExchangeMessageError) throw error;
    throw new ExchangeMessageError('exchange_xml_malformed', String((error as Error).message).slice(0, 200));
  }
  if (!doc.documentElement) throw new ExchangeMessageError('exchange_xml_malformed');
  return doc;
}

/** Child elements in document order. */
export function children(node: XmlElement, local?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (!local || (c as XmlElement).localName === local)) out.push(c as XmlElement);
  }
  return out;
}

/** The first descendant with this local name (any namespace), depth first. */
export function find(node: XmlElement, local: string): XmlElement | null {
  for (const c of children(node)) {
    if (c.localName === local) return c;
    const deeper = find(c, local);
    if (deeper) return deeper;
  }
  return null;
}

export function findAll(node: XmlElement, local: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of children(node)) {
    if (c.localName === local) out.push(c);
    else findAll(c, local, out);
  }
  return out;
}

const text = (node: XmlElement | null) => (node?.textContent ?? '').trim();
const childText = (node: XmlElement | null, local: string) => (node ? text(children(node, local)[0] ?? null) : '');

/** The SOAP headers (WS-Addressing, any of its namespace spellings) and the body's first element. */
export function readEnvelope(xml: string) {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  if (root.localName !== 'Envelope') throw new ExchangeMessageError('exchange_message_incomplete', 'no SOAP Envelope');
  const header = children(root, 'Header')[0] ?? null;
  const body = children(root, 'Body')[0];
  if (!body) throw new ExchangeMessageError('exchange_message_incomplete', 'no SOAP Body');
  const headers: Headers = {
    messageId: childText(header, 'MessageID'), to: childText(header, 'To'), relatesTo: childText(header, 'RelatesTo') || undefined,
    action: childText(header, 'Action') || undefined,
  };
  const content = children(body)[0] ?? null;
  const fault = content?.localName === 'Fault' ? { code: childText(content, 'faultcode'), reason: childText(content, 'faultstring') } : null;
  return { doc, headers, body, content, fault };
}

function readParty(node: XmlElement | null): ExchangeParty {
  return {
    givenName: childText(node, 'GivenName'), familyName: childText(node, 'FamilyName'), jobTitle: childText(node, 'JobTitle'),
    ministryId: childText(node && (children(node, 'MinistryOrganization')[0] ?? null), 'ID'),
    departmentId: childText(node && (children(node, 'DepartmentOrganization')[0] ?? null), 'ID'),
    organizationName: childText(node && (children(node, 'DepartmentOrganization')[0] ?? null), 'Name'),
  };
}

function readBinary(node: XmlElement, index: number): ExchangeFile {
  const text = node.textContent ?? '';
  const raw = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  // Base64 exactly: what it decodes to encodes back to the same text (any other character, or a wrong length or padding, does not).
  const content = Buffer.from(raw, 'base64');
  if (raw.length % 4 !== 0 || content.toString('base64') !== raw) throw new ExchangeMessageError('exchange_base64_invalid', node.localName ?? '');
  const mimeCode = (node.getAttribute('mimeCode') ?? '').trim().toLowerCase();
  const fileName = (node.getAttribute('fileName') || node.getAttribute('filename') || '').trim().slice(0, 255)
    || `${node.localName === 'MainLetterBinaryObject' ? 'หนังสือ' : `สิ่งที่ส่งมาด้วย-${index}`}${extensionOf(mimeCode)}`;
  return { fileName, mimeCode, content };
}

const extensionOf = (mime: string) => ({ 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png', 'image/tiff': '.tif' } as Record<string, string>)[mime] ?? '';

/** A CorrespondenceLetter element as data; its number, subject and parties must be there. */
export function readLetter(node: XmlElement): ExchangeLetter {
  const letter: ExchangeLetter = {
    id: childText(node, 'ID'), correspondenceDate: childText(node, 'CorrespondenceDate'), subject: childText(node, 'Subject'),
    secretCode: childText(node, 'SecretCode'), speedCode: childText(node, 'SpeedCode'),
    sender: readParty(children(node, 'SenderParty')[0] ?? null), receiver: readParty(children(node, 'ReceiverParty')[0] ?? null),
    references: children(node).filter((c) => (c.localName ?? '').startsWith('ReferenceCorrespondence')).map((c) => childText(c, 'ID') || text(c)).filter(Boolean),
    attachmentText: childText(node, 'Attachment'), sendDate: childText(node, 'SendDate'), description: childText(node, 'Description'),
    mainLetter: null, attachments: [],
  };
  const main = children(node, 'MainLetterBinaryObject')[0];
  if (main) letter.mainLetter = readBinary(main, 0);
  letter.attachments = children(node, 'AttachmentBinaryObject').map((a, i) => readBinary(a, i + 1));
  if (!letter.subject || !letter.sender.departmentId || !letter.receiver.departmentId) {
    throw new ExchangeMessageError('exchange_message_incomplete', 'Subject, SenderParty and ReceiverParty are required');
  }
  return letter;
}

/** A notice element (…Notifier) as data, or null when the element is not one. */
export function readNotice(node: XmlElement): ExchangeNotice | null {
  const kind = (Object.entries(noticeElement).find(([, tag]) => tag === node.localName)?.[0]) as NoticeKind | undefined;
  if (!kind) return null;
  const sender = readParty(children(node, 'SenderParty')[0] ?? null);
  const receiver = readParty(children(node, 'ReceiverParty')[0] ?? null);
  return {
    kind, letterMessageId: childText(node, 'LetterMessageID'), letterId: childText(node, 'LetterID'),
    acceptId: childText(node, 'AcceptID'), acceptDate: childText(node, 'AcceptDate'), description: childText(node, 'Description'),
    sender: { ministryId: sender.ministryId, departmentId: sender.departmentId }, receiver: { ministryId: receiver.ministryId, departmentId: receiver.departmentId },
  };
}

/** The notice inside a message body, wherever it sits (directly, or wrapped in its …Request). */
export function findNotice(node: XmlElement): ExchangeNotice | null {
  for (const tag of Object.values(noticeElement)) {
    const found = node.localName === tag ? node : find(node, tag);
    if (found) return readNotice(found);
  }
  return null;
}

export function readOrganizations(node: XmlElement): Organization[] {
  return findAll(node, 'Organization').map((o) => ({ id: childText(o, 'ID'), name: childText(o, 'Name'), ministryId: childText(o, 'MinistryID') }))
    .filter((o) => o.id && o.name);
}

export { childText, text as textOf };
