import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { OcrTimedOut, readScanText, stopOcr } from '@/server/documents/ocr';
import { pdfPageImages } from '@/server/documents/pdf-pages';
import { renderPdf } from '@/server/documents/typst';
import { relayOutbox } from '@/server/jobs/worker';
import { MAX_RENDER_PIXELS } from '@/server/storage/file-bounds';
import { assertReadable } from '@/server/storage/inspect-file';
import { createAgency, ownerSql } from './factories';

afterAll(async () => { await stopOcr(); });

async function refusal(p: Promise<unknown>) {
  return p.then(() => 'accepted', (e: { message: string }) => e.message);
}

async function pdfWith(pages: Array<[number, number]>) {
  const doc = await PDFDocument.create();
  for (const size of pages) doc.addPage(size);
  return Buffer.from(await doc.save());
}

/** A PNG whose header declares width × height (the pixels are never there to decode). */
function pngDeclaring(width: number, height: number) {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(width + 1))), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

describe('files that would exhaust the worker (bombs)', () => {
  it('are refused when received, from their declared sizes, before anything is rendered or decoded', async () => {
    expect(await refusal(assertReadable(await pdfWith([[5000, 5000]]), 'application/pdf'))).toBe('file_page_too_large');
    expect(await refusal(assertReadable(await pdfWith(Array.from({ length: 10_000 }, () => [595, 842] as [number, number])), 'application/pdf'))).toBe('file_too_many_pages');
    expect(await refusal(assertReadable(pngDeclaring(16383, 16383), 'image/png'))).toBe('file_page_too_large');
    // A deeply nested structure: a broken file, not a crash of the server.
    const nested = Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Deep ${'['.repeat(200_000)}${']'.repeat(200_000)} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);
    expect(['pdf_corrupt', 'file_too_many_pages']).toContain(await refusal(assertReadable(nested, 'application/pdf')));
    // An ordinary A4 scan passes.
    expect(await refusal(assertReadable(await pdfWith([[595, 842], [595, 842]]), 'application/pdf'))).toBe('accepted');
  }, 120_000);

  it('are rendered within the pixel bound if one got in earlier, and OCR of a file is given up at its time bound', async () => {
    for await (const image of pdfPageImages(await pdfWith([[5000, 5000]]), { dpi: 300, maxPages: 1 })) {
      const { width = 0, height = 0 } = await sharp(image).metadata();
      expect(width * height).toBeLessThanOrEqual(MAX_RENDER_PIXELS);
      expect(width).toBe(height);
    }
    const scan = Buffer.from(renderPdf('#set text(font: "Sarabun", size: 16pt)\nหนังสือทดสอบการอ่านข้อความ', {}));
    await expect(readScanText(scan, 'application/pdf', 1)).rejects.toBeInstanceOf(OcrTimedOut);
    // The engine is fresh for the next file.
    expect(await readScanText(scan, 'application/pdf')).toContain('หนังสือ');
    // A file given up takes only its own pages with it: another letter queued behind it is still read.
    const long = Buffer.from(renderPdf('#set text(font: "Sarabun", size: 16pt)\nหน้าหนึ่ง\n#pagebreak()\nหน้าสอง\n#pagebreak()\nหน้าสาม\n#pagebreak()\nหน้าสี่', {}));
    const [givenUp, other] = await Promise.allSettled([
      readScanText(long, 'application/pdf', 1_500),
      new Promise((r) => setTimeout(r, 300)).then(() => readScanText(scan, 'application/pdf')),
    ]);
    expect(givenUp.status).toBe('rejected');
    expect(other.status === 'fulfilled' && other.value).toContain('หนังสือ');
  }, 120_000);

  it('each agency\'s OCR runs in its own queue, so one agency\'s files never hold every job slot', async () => {
    const [a, b] = [await createAgency(), await createAgency()];
    const owner = ownerSql();
    try {
      for (const t of [a, b, a]) {
        await owner`insert into outbox.jobs (tenant_id, task, payload, job_key) values (${t.tenantId}, 'letter.ocr', ${owner.json({ tenantId: t.tenantId, letterId: crypto.randomUUID(), fileId: crypto.randomUUID() })}, ${`ocr-fair-${crypto.randomUUID()}`})`;
      }
      // The relay moves them into graphile-worker (other tests' rows may move with them).
      while (await relayOutbox(owner) > 0);
      const rows = await owner<Array<{ tenant: string; queue: string | null }>>`
        select j.payload->>'tenantId' as tenant, q.queue_name as queue from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id left join graphile_worker._private_job_queues q on q.id = j.job_queue_id
        where t.identifier = 'letter.ocr' and j.key like 'ocr-fair-%' and j.payload->>'tenantId' in (${a.tenantId}, ${b.tenantId})`;
      expect(rows.map((r) => r.queue).sort()).toEqual([`ocr:${a.tenantId}`, `ocr:${a.tenantId}`, `ocr:${b.tenantId}`].sort());
      await owner`delete from graphile_worker._private_jobs where key like 'ocr-fair-%'`;
    } finally {
      await owner.end();
    }
  });
});
