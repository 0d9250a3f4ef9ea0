'use client';

import { PDFDocument, degrees } from 'pdf-lib';

/**
 * A classified file handled in the reader's browser: checked and made a PDF before it is
 * sealed (the server cannot look inside ciphertext), and marked with the viewer's name,
 * agency and time on every page when it is opened, downloaded or printed.
 */

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];
const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const A4 = { width: 595.28, height: 841.89 };

export class ClassifiedFileRefused extends Error {
  constructor(readonly key: 'fileTypeRefused' | 'pdf_encrypted' | 'pdf_corrupt' | 'image_corrupt' | 'file_empty' | 'file_too_large', readonly file: string) {
    super(key);
  }

  /** "fake.pdf: the content is not a PDF": the file, then why, in the reader's language. */
  describe(t: (key: string) => string, has: (key: string) => boolean) {
    return `${this.file}: ${has(`errors.${this.key}`) ? t(`errors.${this.key}`) : t(`classified.${this.key}`)}`;
  }
}

/** The file as a PDF ready to seal: a PDF as it is (once it opens), a JPEG or PNG scan placed on A4 pages; its size bounded before it is read. */
export async function prepareClassifiedFile(file: File, maxBytes: number): Promise<{ name: string; type: string; bytes: Uint8Array }> {
  if (file.size > maxBytes) throw new ClassifiedFileRefused('file_too_large', file.name);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length === 0) throw new ClassifiedFileRefused('file_empty', file.name);
  if (startsWith(bytes, PDF)) {
    try {
      await PDFDocument.load(bytes, { updateMetadata: false });
    } catch (error) {
      throw new ClassifiedFileRefused(/encrypt/i.test(String(error)) ? 'pdf_encrypted' : 'pdf_corrupt', file.name);
    }
    return { name: file.name, type: 'application/pdf', bytes };
  }
  const isJpeg = startsWith(bytes, JPEG);
  if (!isJpeg && !startsWith(bytes, PNG)) throw new ClassifiedFileRefused('fileTypeRefused', file.name);
  const pdf = await PDFDocument.create();
  let image;
  try {
    image = isJpeg ? await pdf.embedJpg(bytes) : await pdf.embedPng(bytes);
  } catch {
    throw new ClassifiedFileRefused('image_corrupt', file.name);
  }
  const scale = Math.min(A4.width / image.width, A4.height / image.height);
  const page = pdf.addPage([A4.width, A4.height]);
  page.drawImage(image, { x: (A4.width - image.width * scale) / 2, y: (A4.height - image.height * scale) / 2, width: image.width * scale, height: image.height * scale });
  return { name: file.name.replace(/\.(jpe?g|png)$/i, '') + '.pdf', type: 'application/pdf', bytes: await pdf.save() };
}

/** A line of text drawn by the browser (which shapes Thai correctly) as a PNG to stamp on pages. */
async function textImage(text: string, color: string, size: number) {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d')!;
  const font = `bold ${size}px Sarabun, "TH Sarabun New", sans-serif`;
  context.font = font;
  canvas.width = Math.ceil(context.measureText(text).width) + 16;
  canvas.height = Math.ceil(size * 1.7);
  context.font = font;
  context.fillStyle = color;
  context.textBaseline = 'middle';
  context.fillText(text, 8, canvas.height / 2);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * Every page marked: the secrecy level at the top and bottom centre (red), and the viewer's
 * name, agency and time across the page and along its foot, so a copy names who made it.
 */
export async function markClassifiedPdf(bytes: Uint8Array, marks: { secrecy: string; viewer: string }) {
  const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  const [secrecyPng, viewerPng] = await Promise.all([textImage(marks.secrecy, 'rgb(192,0,0)', 48), textImage(marks.viewer, 'rgba(192,0,0,0.35)', 40)]);
  // The mark also as text in the document's information, where a checker (or a person) can read who made this copy.
  pdf.setSubject(marks.viewer);
  pdf.setKeywords([marks.secrecy, marks.viewer]);
  const secrecyImage = await pdf.embedPng(secrecyPng);
  const viewerImage = await pdf.embedPng(viewerPng);
  for (const page of pdf.getPages()) {
    const { width, height } = page.getSize();
    const s = secrecyImage.scale(0.4);
    page.drawImage(secrecyImage, { x: (width - s.width) / 2, y: height - s.height - 6, width: s.width, height: s.height });
    page.drawImage(secrecyImage, { x: (width - s.width) / 2, y: 6, width: s.width, height: s.height });
    const across = Math.min(1, (Math.hypot(width, height) * 0.8) / viewerImage.width);
    const v = viewerImage.scale(across);
    const angle = Math.atan2(height, width);
    page.drawImage(viewerImage, {
      x: width / 2 - (v.width / 2) * Math.cos(angle) + (v.height / 2) * Math.sin(angle),
      y: height / 2 - (v.width / 2) * Math.sin(angle) - (v.height / 2) * Math.cos(angle),
      width: v.width, height: v.height, rotate: degrees((angle * 180) / Math.PI), opacity: 0.6,
    });
    const foot = viewerImage.scale(Math.min(0.35, (width * 0.9) / viewerImage.width));
    page.drawImage(viewerImage, { x: (width - foot.width) / 2, y: s.height + 10, width: foot.width, height: foot.height });
  }
  return pdf.save();
}
