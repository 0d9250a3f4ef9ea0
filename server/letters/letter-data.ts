import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString } from 'pdf-lib';
import type { LetterDocument } from './letter-kinds';

/**
 * The letter's data, carried inside its PDF/A-3 as `saraban-letter.xml` (relationship
 * Data), so that a receiving system takes the letter in without OCR and search reads its
 * exact text. Element names follow the TH e-GIF GovernmentDocument's CorrespondenceLetter
 * where they match (ID, CorrespondenceDate, Subject, SpeedCode, SecretCode, SenderParty,
 * ReceiverParty, ReferenceCorrespondence, Attachment); the rest are the letter's own
 * parts. Described in docs/letter-data.md.
 */
export const LETTER_DATA_FILE = 'saraban-letter.xml';
export const LETTER_DATA_NAMESPACE = 'urn:saraban:letter:1';
/** The largest embedded data read back (a letter's text is far smaller). */
const MAX_DATA_BYTES = 1024 * 1024;

const speedCodes = { normal: '001', urgent: '002', very_urgent: '003', most_urgent: '004' } as const;
const secretCodes = { normal: '001', confidential: '002', secret: '003' } as const;
type Urgency = keyof typeof speedCodes;
type Secrecy = keyof typeof secretCodes;

/** What a receiving agency takes from a letter's embedded data. */
export type LetterData = {
  kind: string;
  documentNumber: string;
  date: string;
  subject: string;
  urgency: Urgency;
  secrecy: Secrecy;
  sender: { organization: string; name: string; position: string; unit: string };
  receiver: { salutation: string; addressee: string };
  references: string[];
  enclosures: string[];
  body: string[];
  /** The letter's words in reading order: its exact text for search. */
  text: string;
};

/** The letter's data as XML (the letter as printed: digits as the letter shows them). */
export function letterDataXml(letter: LetterDocument): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  const xml = builder.build({
    SarabanLetter: {
      '@_xmlns': LETTER_DATA_NAMESPACE, '@_version': '1',
      Kind: letter.kind,
      ID: letter.documentNumber,
      CorrespondenceDate: letter.date,
      Subject: letter.subject,
      SpeedCode: { '#text': speedCodes[letter.urgency], '@_level': letter.urgency },
      SecretCode: { '#text': secretCodes[letter.secrecy], '@_level': letter.secrecy },
      SenderParty: {
        Organization: letter.agency.nameTh, Address: letter.agency.address, GivenName: letter.signer.name, JobTitle: letter.signer.position,
        Unit: letter.ownerUnit, Phone: letter.phone, Fax: letter.fax, Email: letter.email,
      },
      ReceiverParty: { Salutation: letter.salutation, JobTitle: letter.addressee },
      ReferenceCorrespondence: letter.references,
      Attachment: letter.enclosures,
      Body: { Paragraph: letter.body },
      Closing: letter.closing,
      CopyTo: letter.copies,
      ...(letter.extra && Object.keys(letter.extra).length > 0 ? { Meeting: {
        Issue: letter.extra.issue, Place: letter.extra.place, Present: letter.extra.present, Absent: letter.extra.absent,
        Attending: letter.extra.attending, Opened: letter.extra.opened, Closed: letter.extra.closed, Recorder: letter.extra.recorder,
      } } : {}),
      ...(letter.signed ? { Signed: { Date: letter.signed.date, Time: letter.signed.time, VerificationURL: letter.signed.url } } : {}),
    },
  }) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}

const listed = ['ReferenceCorrespondence', 'Attachment', 'Paragraph', 'CopyTo', 'Present', 'Absent', 'Attending'];

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return text((value as { '#text': unknown })['#text']);
  return '';
}

/** A field within the bound a typed one has (the paper letter's form); longer, it is left out. */
function bounded(value: string, max: number) {
  return value.length <= max ? value : '';
}

function isoDate(value: string) {
  const year = Number(value.slice(0, 4));
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && year >= 1900 && year < 2400 && !Number.isNaN(Date.parse(value)) ? value : '';
}

function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.map(text).filter(Boolean) : [];
}

function level<T extends string>(value: unknown, codes: Record<T, string>, fallback: T): T {
  const named = value && typeof value === 'object' ? (value as Record<string, unknown>)['@_level'] : undefined;
  if (typeof named === 'string' && named in codes) return named as T;
  const code = text(value);
  return (Object.entries(codes) as Array<[T, string]>).find(([, c]) => c === code)?.[0] ?? fallback;
}

/** Reads the letter's data; null when it is not Saraban letter data (or is malformed). No DTDs, no entities beyond XML's own. */
export function parseLetterData(xml: string): LetterData | null {
  if (xml.length > MAX_DATA_BYTES || /<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  let root: Record<string, unknown>;
  try {
    const parsed = new XMLParser({
      ignoreAttributes: false, parseTagValue: false, trimValues: true, processEntities: true, htmlEntities: false,
      isArray: (name) => listed.includes(name),
    }).parse(xml) as Record<string, unknown>;
    root = parsed.SarabanLetter as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!root || typeof root !== 'object' || root['@_xmlns'] !== LETTER_DATA_NAMESPACE) return null;
  const sender = (root.SenderParty ?? {}) as Record<string, unknown>;
  const receiver = (root.ReceiverParty ?? {}) as Record<string, unknown>;
  const body = texts((root.Body as Record<string, unknown> | undefined)?.Paragraph);
  const data: Omit<LetterData, 'text'> = {
    kind: bounded(text(root.Kind), 20),
    documentNumber: bounded(text(root.ID), 100),
    date: isoDate(text(root.CorrespondenceDate)),
    subject: bounded(text(root.Subject), 1000),
    urgency: level(root.SpeedCode, speedCodes, 'normal'),
    secrecy: level(root.SecretCode, secretCodes, 'normal'),
    sender: {
      organization: bounded(text(sender.Organization), 250), name: bounded(text(sender.GivenName), 300),
      position: bounded(text(sender.JobTitle), 300), unit: bounded(text(sender.Unit), 300),
    },
    receiver: { salutation: text(receiver.Salutation), addressee: text(receiver.JobTitle) },
    references: texts(root.ReferenceCorrespondence),
    enclosures: texts(root.Attachment),
    body,
  };
  const lines = [
    data.documentNumber && `ที่ ${data.documentNumber}`, data.sender.organization, data.subject && `เรื่อง ${data.subject}`,
    [data.receiver.salutation, data.receiver.addressee].filter(Boolean).join(' '),
    ...data.references.map((r) => `อ้างถึง ${r}`), ...data.enclosures.map((e) => `สิ่งที่ส่งมาด้วย ${e}`),
    ...body, text(root.Closing), data.sender.name, data.sender.position,
  ];
  return { ...data, text: lines.filter(Boolean).join('\n') };
}

function fileName(spec: PDFDict) {
  for (const key of ['UF', 'F']) {
    const name = spec.lookup(PDFName.of(key));
    if (name instanceof PDFString || name instanceof PDFHexString) return name.decodeText();
  }
  return '';
}

/**
 * The embedded letter data of a PDF, if it carries any (its associated files, then its
 * embedded-files name tree); null otherwise. The stream is bounded before it is read
 * and while it is inflated.
 */
export async function readLetterData(pdf: Uint8Array): Promise<LetterData | null> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: false, throwOnInvalidObject: false });
  } catch {
    return null;
  }
  const specs: PDFDict[] = [];
  const af = doc.catalog.lookup(PDFName.of('AF'));
  if (af instanceof PDFArray) for (let i = 0; i < af.size(); i++) { const s = af.lookup(i); if (s instanceof PDFDict) specs.push(s); }
  const names = doc.catalog.lookup(PDFName.of('Names'));
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of('EmbeddedFiles')) : undefined;
  const flat = tree instanceof PDFDict ? tree.lookup(PDFName.of('Names')) : undefined;
  if (flat instanceof PDFArray) for (let i = 1; i < flat.size(); i += 2) { const s = flat.lookup(i); if (s instanceof PDFDict) specs.push(s); }
  const spec = specs.find((s) => fileName(s) === LETTER_DATA_FILE);
  const ef = spec?.lookup(PDFName.of('EF'));
  const stream = ef instanceof PDFDict ? ef.lookup(PDFName.of('F')) : undefined;
  if (!(stream instanceof PDFRawStream) || stream.contents.length > MAX_DATA_BYTES) return null;
  const params = stream.dict.lookup(PDFName.of('Params'));
  const declared = params instanceof PDFDict ? Number(params.lookup(PDFName.of('Size'))?.toString() ?? 0) : 0;
  if (declared > MAX_DATA_BYTES) return null;
  const filter = stream.dict.lookup(PDFName.of('Filter'));
  let bytes: Uint8Array;
  try {
    // Inflated only up to the bound: a small stream may expand without limit.
    if (filter === undefined) bytes = stream.contents;
    else if (filter === PDFName.of('FlateDecode')) bytes = inflateSync(stream.contents, { maxOutputLength: MAX_DATA_BYTES });
    else return null;
  } catch {
    return null;
  }
  return parseLetterData(Buffer.from(bytes).toString('utf8'));
}
