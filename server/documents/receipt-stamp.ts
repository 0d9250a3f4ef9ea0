import { degrees, PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { renderPdf } from './typst';

/** What the receipt stamp (ตรารับหนังสือ) shows, already formatted for print. */
export type ReceiptStamp = { agencyName: string; number: string; date: string; time: string };

// The regulation's stamp: a 2.5 × 5 cm box with the agency, เลขรับ, วันที่ and เวลา.
const template = `
#let d = json(bytes(sys.inputs.data))
#set page(width: 5cm, height: 2.5cm, margin: 0pt, fill: none)
#set text(font: "Sarabun", size: 10.5pt, lang: "th", fill: rgb("#1d3a8a"))
#set par(leading: 0.3em, spacing: 0pt)
#box(width: 100%, height: 100%, stroke: 1.2pt + rgb("#1d3a8a"), inset: (x: 5pt, y: 3pt), radius: 2pt)[
  #align(center)[#text(weight: "bold", d.agencyName)]
  #v(1fr)
  #grid(columns: (auto, 1fr), column-gutter: 4pt, row-gutter: 0.42em,
    [เลขรับ], [#d.number],
    [วันที่], [#d.date],
    [เวลา], [#d.time],
  )
  #v(1fr)
]`;

const POINTS_PER_CM = 72 / 2.54;

/**
 * A copy of a received file with the receipt stamp drawn at the top right of its first
 * page, as a PDF (a scanned image becomes the pages of a PDF). The stamp is typeset by
 * Typst (Thai shaping and marks placed correctly) and placed as vector content; the
 * original bytes are not changed.
 */
export async function stampFirstPage(original: Buffer, contentType: string, stamp: ReceiptStamp): Promise<Buffer> {
  const doc = contentType === 'application/pdf'
    ? await PDFDocument.load(original, { updateMetadata: false })
    : await imagesAsPdf(original, contentType);
  const [mark] = await doc.embedPdf(renderPdf(template, stamp));
  const page = doc.getPage(0);
  const box = page.getCropBox();
  // Keep the stamp inside narrow pages too (a receipt slip, a cropped scan).
  const scale = Math.min(1, (box.width * 0.45) / mark!.width);
  const width = mark!.width * scale;
  const height = mark!.height * scale;
  const inset = 0.5 * POINTS_PER_CM;
  const rotation = ((page.getRotation().angle % 360) + 360) % 360;
  // Top right as the page is shown: with /Rotate, "top right" is another corner of the page's own space.
  const spots: Record<number, { x: number; y: number; rotate: number }> = {
    0: { x: box.x + box.width - inset - width, y: box.y + box.height - inset - height, rotate: 0 },
    90: { x: box.x + inset + height, y: box.y + box.height - inset - width, rotate: 90 },
    180: { x: box.x + inset + width, y: box.y + inset + height, rotate: 180 },
    270: { x: box.x + box.width - inset - height, y: box.y + inset + width, rotate: 270 },
  };
  const spot = spots[rotation] ?? spots[0]!;
  page.drawPage(mark!, { x: spot.x, y: spot.y, xScale: scale, yScale: scale, rotate: degrees(spot.rotate) });
  return Buffer.from(await doc.save());
}

/** Scans as PDF pages at their own resolution (200 dpi if they do not say). */
async function imagesAsPdf(image: Buffer, contentType: string) {
  const doc = await PDFDocument.create();
  const pages = contentType === 'image/tiff' ? (await sharp(image).metadata()).pages ?? 1 : 1;
  for (let page = 0; page < pages; page++) {
    const source = sharp(image, { page });
    const meta = await source.metadata();
    const dpi = meta.density && meta.density > 30 ? meta.density : 200;
    const embedded = contentType === 'image/jpeg'
      ? await doc.embedJpg(image)
      : await doc.embedPng(await source.png().toBuffer());
    const width = (embedded.width * 72) / dpi;
    const height = (embedded.height * 72) / dpi;
    doc.addPage([width, height]).drawImage(embedded, { x: 0, y: 0, width, height });
  }
  return doc;
}
