import { randomBytes } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, type PDFObject } from 'pdf-lib';
import { DEFAULT_BYTE_RANGE_PLACEHOLDER } from '@signpdf/utils';

export type SignatureInfo = { name: string; reason: string; location: string; contact: string; at: Date };

/** Room for the CMS signature (bytes): the certificate and the signed attributes fit with margin. */
export const SIGNATURE_LENGTH = 8192;

/** A text string of a PDF object: UTF-16BE with its byte order mark, written as hex (never a literal byte string). */
function textString(value: string) {
  return PDFHexString.fromText(value).toString();
}

function bytesOf(object: PDFObject) {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return Buffer.from(bytes);
}

/** D:YYYYMMDDHHmmSSZ */
function pdfDate(at: Date) {
  return `D:${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/**
 * Adds an invisible signature field with an empty signature to a PDF as an incremental
 * update (ISO 32000 §7.5.6): the original bytes stay as they are, so a PDF/A file stays
 * PDF/A (its metadata is not rewritten), and the objects that change (the catalog with its
 * form, the first page with the field's widget) are written again after it with a new
 * cross-reference section. The signature dictionary's texts (signer, reason, place) are
 * UTF-16BE strings; `/ByteRange` and `/Contents` are placeholders that @signpdf/signpdf
 * fills.
 */
export async function addSignatureField(pdf: Buffer, info: SignatureInfo): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { context } = doc;
  if (doc.catalog.get(PDFName.of('AcroForm'))) throw new Error('the PDF already has a form: it is signed once only');
  const tail = pdf.subarray(Math.max(0, pdf.length - 1024)).toString('latin1');
  const previous = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!previous) throw new Error('the PDF does not end with its cross-reference offset');
  const rootRef = context.trailerInfo.Root as PDFRef;
  const page = doc.getPage(0);

  const signatureNumber = context.largestObjectNumber + 1;
  const widgetNumber = signatureNumber + 1;
  const size = widgetNumber + 1;

  const signature = [
    '<<', '/Type /Sig', '/Filter /Adobe.PPKLite', '/SubFilter /ETSI.CAdES.detached',
    `/ByteRange [0 /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER} /${DEFAULT_BYTE_RANGE_PLACEHOLDER}]`,
    `/Contents <${'0'.repeat(SIGNATURE_LENGTH * 2)}>`,
    `/Reason ${textString(info.reason)}`, `/M (${pdfDate(info.at)})`, `/ContactInfo ${textString(info.contact)}`,
    `/Name ${textString(info.name)}`, `/Location ${textString(info.location)}`,
    '/Prop_Build << /App << /Name /Saraban >> >>', '>>',
  ].join('\n');
  // Print and Locked (PDF/A: printable, never hidden); a zero-size rectangle needs no appearance.
  const widget = `<<\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [0 0 0 0]\n/F 132\n/T ${textString('ลายมือชื่อ')}\n/V ${signatureNumber} 0 R\n/P ${page.ref.toString()}\n>>`;

  const catalog = doc.catalog.clone(context);
  catalog.set(PDFName.of('AcroForm'), context.obj({ Fields: [PDFRef.of(widgetNumber)], SigFlags: 3 }));
  const pageDict = page.node.clone(context) as PDFDict;
  const annots = page.node.lookup(PDFName.of('Annots'));
  const list = annots instanceof PDFArray ? annots.clone(context) : context.obj([]);
  list.push(PDFRef.of(widgetNumber));
  pageDict.set(PDFName.of('Annots'), list);

  const objects: Array<[number, number, Buffer]> = [
    [rootRef.objectNumber, rootRef.generationNumber, bytesOf(catalog)],
    [page.ref.objectNumber, page.ref.generationNumber, bytesOf(pageDict)],
    [signatureNumber, 0, Buffer.from(signature, 'latin1')],
    [widgetNumber, 0, Buffer.from(widget, 'latin1')],
  ];
  const parts: Buffer[] = [pdf, Buffer.from('\n')];
  let offset = pdf.length + 1;
  const xref: Array<[number, number, number]> = [];
  for (const [number, generation, body] of objects) {
    const chunk = Buffer.concat([Buffer.from(`${number} ${generation} obj\n`), body, Buffer.from('\nendobj\n')]);
    xref.push([number, generation, offset]);
    parts.push(chunk);
    offset += chunk.length;
  }
  const xrefAt = offset;
  const entries = xref.sort((a, b) => a[0] - b[0])
    .map(([n, g, at]) => `${n} 1\n${String(at).padStart(10, '0')} ${String(g).padStart(5, '0')} n\r\n`).join('');
  const id = context.trailerInfo.ID instanceof PDFArray ? context.trailerInfo.ID.get(0) : undefined;
  const firstId = id ? bytesOf(id).toString('latin1') : `<${randomBytes(16).toString('hex')}>`;
  const infoEntry = context.trailerInfo.Info instanceof PDFRef ? `/Info ${context.trailerInfo.Info.toString()}\n` : '';
  parts.push(Buffer.from(
    `xref\n${entries}trailer\n<<\n/Size ${size}\n/Root ${rootRef.toString()}\n${infoEntry}/ID [${firstId} <${randomBytes(16).toString('hex')}>]\n/Prev ${previous[1]}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`,
    'latin1',
  ));
  return Buffer.concat(parts);
}
