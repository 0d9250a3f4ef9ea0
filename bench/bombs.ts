/**
 * `bombs`: does one agency's heaviest admissible scans slow another agency's OCR? Through the real
 * path: letters admitted with their files (admitLetter), OCR jobs relayed into each agency's own
 * queue and read by the job worker (4 slots, one OCR engine per process, page by page).
 * - other_ocr_ms_alone: the median time from admitting an ordinary one-page scan of agency B to
 *   its text being kept, with nothing else running (the baseline);
 * - other_ocr_ms_with_bomb: the same while agency A's files are being read: four PDFs of 30 A4
 *   scanned pages each (the most OCR reads of one file), queued first;
 * - ratio: with the bomb over alone. Without the agency's own OCR queue, B's letter would wait
 *   behind every page of A's files (minutes); with it, it waits for at most the page being read.
 * Against an embedded PostgreSQL and object store in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { closePools } from '@/db/client';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { runInTenant } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { stopOcr } from '@/server/documents/ocr';
import { renderPdf } from '@/server/documents/typst';
import { admitLetter } from '@/server/intake/admit-letter';
import { startJobWorker } from '@/server/jobs/worker';
import { createAgency } from '@/server/platform/create-agency';
import { startEmbeddedPostgres } from '@/server/runtime/embedded-postgres';
import { startEmbeddedS3 } from '@/server/runtime/embedded-s3';
import { freePort } from '@/server/runtime/free-port';
import { writeObject } from '@/server/storage/s3';
import type { BenchResult } from './run';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);
const BOMB_FILES = 4;
const BOMB_PAGES = 30;
const secret = 'bombs-benchmark-secret-0123456789abcdef';
const operator = { id: '00000000-0000-4000-8000-000000000000', fullName: 'bench' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'bench', database: 'saraban' });
  const s3 = await startEmbeddedS3({ dir: path.join(dir, 's3'), port: await freePort(), bucket: 'bench' });
  const postgres = (await import('postgres')).default;
  const owner = postgres(pg.ownerUrl, { max: 1, onnotice: () => {} });
  let worker: Awaited<ReturnType<typeof startJobWorker>> | undefined;
  try {
    await migrateDatabase(pg.ownerUrl);
    const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, secret);
    Object.assign(process.env, {
      DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl, NEXTAUTH_SECRET: secret,
      S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'bench', S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    await owner`insert into platform_operators (id, username, full_name, password_hash) values (${operator.id}, 'bench', 'bench', 'x')`;
    const agency = async (code: string) => {
      const { tenantId, rootUnitId } = await createAgency(operator, {
        code: `${code}-${Date.now().toString(36)}`, nameTh: 'กรมทดสอบการอ่านข้อความ', nameEn: '', ministryCode: 'นร', ownerNumber: '0105', address: '', phone: '', email: '',
        admin: { username: 'admin', fullNameTh: 'ผู้ดูแล', position: '', email: '', password: 'benchmark-password' },
      });
      return { tenantId, rootUnitId };
    };
    const bomber = await agency('bomber');
    const other = await agency('other');

    // Scans: an ordinary one-page letter (an image), and A's files of 30 scanned A4 pages each.
    const page = (text: string) => `#set page(paper: "a4", margin: 2.5cm)\n#set text(font: "Sarabun", size: 16pt, lang: "th")\n${text}`;
    const letter = 'ที่ มท ๐๘๐๘.๒/ว ๑๒๓๔\n\nเรื่อง ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์\n\nเรียน อธิบดีกรมทดสอบ\n\nด้วยกรมจะจัดประชุมเพื่อพิจารณาแนวทางการรับส่งหนังสือราชการ';
    writeFileSync(path.join(dir, 'one.pdf'), renderPdf(page(letter), {}));
    execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', path.join(dir, 'one.pdf'), path.join(dir, 'one')]);
    const ordinary = readFileSync(path.join(dir, 'one.png'));
    writeFileSync(path.join(dir, 'many.pdf'), renderPdf(page(Array.from({ length: BOMB_PAGES }, () => `${letter} ${letter}`).join('\n#pagebreak()\n')), {}));
    // Each page an image only (as a scanner makes it): nothing to take from the PDF's text.
    execFileSync('pdftoppm', ['-png', '-r', '150', path.join(dir, 'many.pdf'), path.join(dir, 'p')]);
    const pages = Array.from({ length: BOMB_PAGES }, (_, i) => path.join(dir, `p-${String(i + 1).padStart(2, '0')}.png`));
    const doc = await PDFDocument.create();
    for (const file of pages) {
      const image = await doc.embedPng(readFileSync(file));
      doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    }
    const bomb = Buffer.from(await doc.save());

    const admit = async (a: { tenantId: string; rootUnitId: string }, bytes: Buffer, contentType: string) => {
      const letterId = randomUUID();
      const objectKey = `tenants/${a.tenantId}/letters/${letterId}/${randomUUID()}`;
      await writeObject(objectKey, bytes, contentType);
      await runInTenant({ tenantId: a.tenantId, userId: null, system: true }, (tx) => admitLetter(tx, a.tenantId, {
        letter: { id: letterId, unitId: a.rootUnitId, channel: 'paper', documentNumber: 'มท 0808.2/ว 1234', letterDate: '2026-11-18', fromText: 'กรมส่งเสริม', toText: 'อธิบดี', subject: 'ทดสอบการอ่านข้อความ' },
        files: [{ objectKey, fileName: contentType === 'image/png' ? 'scan.png' : 'scan.pdf', contentType, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }],
        actor: systemActor('bench'), audit: {}, onConflict: 'fail',
      }));
      return letterId;
    };
    const read = async (letterId: string) => {
      for (;;) {
        const [row] = await owner`select 1 from letter_texts where letter_id = ${letterId}`;
        if (row) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const ordinaryLatency = async () => {
      const started = performance.now();
      await read(await admit(other, ordinary, 'image/png'));
      return performance.now() - started;
    };

    worker = await startJobWorker(pg.ownerUrl, { concurrency: 4, relayMs: 20 });
    await ordinaryLatency(); // the engine started and warm
    const alone: number[] = [];
    for (let i = 0; i < SAMPLES; i++) alone.push(await ordinaryLatency());

    const bombs = await Promise.all(Array.from({ length: BOMB_FILES }, () => admit(bomber, bomb, 'application/pdf')));
    await new Promise((r) => setTimeout(r, 2_000)); // A's first file is being read
    const withBomb: number[] = [];
    for (let i = 0; i < SAMPLES; i++) withBomb.push(await ordinaryLatency());
    const [pending] = await owner<Array<{ n: number }>>`select count(*)::int as n from letter_files f where f.letter_id = any(${bombs}::uuid[])
      and not exists (select 1 from letter_texts t where t.file_id = f.id)`;
    if (pending!.n === 0) throw new Error('the bomb was read before the measurement ended: make it larger');

    const figures = {
      other_ocr_ms_alone: Math.round(median(alone)),
      other_ocr_ms_with_bomb: Math.round(median(withBomb)),
      ratio: Number((median(withBomb) / median(alone)).toFixed(2)),
      bomb_files_unread_at_end: pending!.n,
    };
    return {
      figures: { bombs: figures },
      table: [
        { measure: 'B\'s one-page OCR, alone (median ms)', value: figures.other_ocr_ms_alone },
        { measure: `B's one-page OCR while A's ${BOMB_FILES}×${BOMB_PAGES}-page scans are read (median ms)`, value: figures.other_ocr_ms_with_bomb },
        { measure: 'ratio', value: figures.ratio },
        { measure: 'A\'s files still unread when B was done', value: figures.bomb_files_unread_at_end },
      ],
    };
  } finally {
    await worker?.stop();
    await stopOcr();
    await owner.end({ timeout: 5 });
    await closePools();
    await s3.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
