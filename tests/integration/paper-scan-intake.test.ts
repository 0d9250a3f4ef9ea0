import { createHash } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as getFile } from '@/app/api/letters/[letterId]/files/[fileId]/route';
import { POST } from '@/app/api/letters/paper/route';
import { renderPdf } from '@/server/documents/typst';
import sharp from 'sharp';
import { bucket, s3 } from '@/server/storage/s3';
import { addPerson, createAgency, type TestAgency, sessionCookie } from './factories';

// A small limit, so an oversized upload is cheap to send.
vi.stubEnv('MAX_UPLOAD_MB', '1');

const details = {
  documentNumber: 'มท 0808.2/ว 1234', letterDate: '2026-11-18', fromText: 'กรมส่งเสริมการปกครองท้องถิ่น', toText: 'อธิบดีกรมทดสอบ',
  subject: 'แนวทางการจัดทำแผนพัฒนาท้องถิ่น', urgency: 'very_urgent', secrecy: 'normal', remarks: '',
};
const page = sharp({ create: { width: 620, height: 877, channels: 3, background: '#ffffff' } });
let jpeg: Buffer;
let png: Buffer;
let tiff: Buffer;

let a: TestAgency;
let cookie: string;

async function cookieFor(claims: object) {
  return sessionCookie(claims);
}

async function send(files: Array<[string, Buffer]>, opts: { cookie?: string; letter?: object } = {}) {
  const form = new FormData();
  form.set('letter', JSON.stringify(opts.letter ?? details));
  for (const [name, bytes] of files) form.append('files', new Blob([new Uint8Array(bytes)]), name);
  const response = await POST(new Request('http://127.0.0.1/api/letters/paper', { method: 'POST', body: form, headers: { cookie: opts.cookie ?? cookie } }));
  return { status: response.status, body: await response.json() };
}

async function storedKeys() {
  const listed = await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: `tenants/${a.tenantId}/` }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}

beforeAll(async () => {
  [jpeg, png, tiff] = await Promise.all([page.clone().jpeg().toBuffer(), page.clone().png().toBuffer(), page.clone().tiff().toBuffer()]);
  a = await createAgency();
  cookie = await cookieFor((await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }])).claims);
});

describe('a paper letter with its scans', () => {
  it('streams every file to storage with its SHA-256, records them with the letter, and serves them back intact', async () => {
    const pdf = renderPdf('#set text(font: "Sarabun")\nหนังสือราชการ หน้า ๑', {});
    const { status, body } = await send([['หนังสือ-หน้า1.pdf', pdf], ['หน้า2.jpg', jpeg], ['หน้า3.png', png], ['หน้า4.tif', tiff]]);
    expect(status).toBe(200);
    expect(body.files).toBe(4);
    const req = new Request(`http://127.0.0.1/api/letters/${body.id}/files`, { headers: { cookie } });
    const { createCaller } = await import('@/server/routers/_app');
    const { createContext } = await import('@/server/trpc');
    const files = await createCaller(await createContext({ cookie })).registry.files({ letterId: body.id });
    expect(files.map((f) => [f.fileName, f.contentType, f.size])).toEqual([
      ['หนังสือ-หน้า1.pdf', 'application/pdf', pdf.length], ['หน้า2.jpg', 'image/jpeg', jpeg.length], ['หน้า3.png', 'image/png', png.length],
      ['หน้า4.tif', 'image/tiff', tiff.length],
    ]);
    for (const [f, bytes] of files.map((f, i) => [f, [pdf, jpeg, png, tiff][i]!] as const)) {
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const response = await getFile(req, { params: Promise.resolve({ letterId: body.id, fileId: f.id }) });
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      expect(decodeURIComponent(response.headers.get('content-disposition')!)).toContain(f.fileName);
    }
  });

  it.each([
    ['an empty file', () => [['empty.pdf', Buffer.alloc(0)]], 400, 'file_empty', { file: 'empty.pdf' }],
    ['a JPEG renamed .pdf', () => [['scan.pdf', jpeg]], 415, 'file_type_mismatch', { file: 'scan.pdf', kind: 'PDF' }],
    ['a text named .pdf', () => [['fake.pdf', Buffer.from('not a pdf at all')]], 415, 'file_type_mismatch', { file: 'fake.pdf', kind: 'PDF' }],
    ['a PNG named .docx', () => [['รูป.docx', png]], 415, 'file_extension_mismatch', { file: 'รูป.docx', kind: 'PNG' }],
    ['a text file', () => [['notes.txt', Buffer.from('hello')]], 415, 'file_type_unsupported', { file: 'notes.txt' }],
    ['an encrypted PDF', () => [['locked.pdf', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer << /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF\n')]], 400, 'pdf_encrypted', { file: 'locked.pdf' }],
    ['a truncated PDF', () => [['cut.pdf', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog')]], 400, 'pdf_corrupt', { file: 'cut.pdf' }],
    ['a file over the size limit', () => [['big.png', Buffer.concat([png, Buffer.alloc(1024 * 1024 + 10)])]], 413, 'file_too_large', { file: 'big.png' }],
    ['too many files', () => Array.from({ length: 21 }, (_, i) => [`p${i}.png`, png]), 413, 'too_many_files', null],
    ['a good file with a bad one', () => [['ok.png', png], ['bad.pdf', jpeg]], 415, 'file_type_mismatch', { file: 'bad.pdf', kind: 'PDF' }],
    ['a PDF damaged inside', () => [['inside.pdf', Buffer.from('%PDF-1.7\n' + 'x'.repeat(400) + '\n%%EOF\n')]], 400, 'pdf_corrupt', { file: 'inside.pdf' }],
    ['a damaged JPEG', () => [['scan.jpg', Buffer.concat([jpeg.subarray(0, 600), Buffer.alloc(3000, 7)])]], 400, 'image_corrupt', { file: 'scan.jpg' }],
  ] as Array<[string, () => Array<[string, Buffer]>, number, string, object | null]>)('%s is refused with a specific error naming the file, and nothing is stored', async (_, files, status, key, params) => {
    const before = await storedKeys();
    const result = await send(files());
    expect([result.status, result.body.error.messageKey, result.body.error.params]).toEqual([status, key, params]);
    expect(await storedKeys()).toEqual(before);
  });

  it('bad details are refused after the upload, and the uploaded files are removed', async () => {
    const before = await storedKeys();
    const result = await send([['ok.png', png]], { letter: { ...details, letterDate: '2569-11-18' } });
    expect([result.status, result.body.error.messageKey]).toEqual([400, 'invalid_input']);
    expect(Object.keys(result.body.error.fieldErrors)).toEqual(['letterDate']);
    expect(await storedKeys()).toEqual(before);
  });

  it('no one without the receive permission can upload, and nothing is stored', async () => {
    const before = await storedKeys();
    const staff = await addPerson(a, 'staff', [{ unitId: a.rootUnitId, role: 'staff' }]);
    expect((await send([['ok.png', png]], { cookie: await cookieFor(staff.claims) })).status).toBe(403);
    expect((await send([['ok.png', png]], { cookie: '' })).status).toBe(401);
    expect(await storedKeys()).toEqual(before);
  });

  it("a file of another agency's letter is not found", async () => {
    const { body } = await send([['ok.png', png]]);
    const b = await createAgency();
    const other = await cookieFor((await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }])).claims);
    const response = await getFile(new Request('http://127.0.0.1/x', { headers: { cookie: other } }),
      { params: Promise.resolve({ letterId: body.id, fileId: '00000000-0000-4000-8000-000000000001' }) });
    expect(response.status).toBe(404);
  });
});
