/**
 * `archive`: keeping at the scale of a ministry. An agency with 1,000,000 registered letters
 * (200,000 a year, 2021–2025), classed by the agency's rules as the database does on recording and
 * registration (one in five routine, one in five financial, the rest ten years); its disposal list
 * of 2025 is prepared by the real code (server/keeping/disposal.ts prepareDisposalList: the letters
 * whose keeping ended by 31 December, on no list, not held, not being acted on, each line with its
 * number, date, subject and register line, in one transaction). `disposal_list_s` is the time to
 * prepare it, target ≤ 10 s; `disposal_items` how many lines it has.
 *
 * Then an existing archive is imported (server/keeping/archive-import.ts runArchiveImport, the
 * background job itself): a register of ARCHIVE_IMPORT (10,000) lines and a ZIP of as many one-page
 * PDFs, each line's file checked like an upload (its type, opened by pdf.js) and stored, the letters,
 * files and register lines written a batch at a time; `import_per_s`. Beside it in the same run, the
 * baseline the issue names: a bare copy of the same files into the object store (PutObject, as many
 * at once as the import stores them), `copy_per_s`; `import_ratio` = import / copy, target ≥ 0.3.
 *
 * ARCHIVE_LETTERS (1,000,000) and ARCHIVE_IMPORT (10,000) scale it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { BenchResult } from './run';

const LETTERS = Number(process.env.ARCHIVE_LETTERS ?? 1_000_000);
const IMPORTED = Number(process.env.ARCHIVE_IMPORT ?? 10_000);
const YEARS = [2021, 2022, 2023, 2024, 2025];

async function onePagePdf(n: number) {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(`Archived letter ${n}`, { x: 80, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

async function zipOf(files: Array<{ name: string; body: Buffer }>, file: string) {
  const { default: yazl } = await import('yazl');
  const { createWriteStream } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(f.body, f.name, { compress: false });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-bench-archive-'));
  chmodSync(dir, 0o755);
  const { freePort } = await import('@/server/runtime/free-port');
  const { startEmbeddedPostgres } = await import('@/server/runtime/embedded-postgres');
  const { enableRoleLogins, migrateDatabase } = await import('@/db/migrate');
  const { closePools } = await import('@/db/client');
  const secret = 'bench-secret-0123456789abcdef0123456789';
  const { startEmbeddedS3 } = await import('@/server/runtime/embedded-s3');
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'bench', database: 'saraban_bench' });
  const store = await startEmbeddedS3({ dir: path.join(dir, 's3'), port: await freePort(), bucket: 'saraban-bench' });
  const owner = postgres(pg.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await migrateDatabase(pg.ownerUrl);
    const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, secret);
    Object.assign(process.env, {
      DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl, NEXTAUTH_SECRET: secret,
      S3_ENDPOINT: store.endpoint, S3_BUCKET: 'saraban-bench', S3_ACCESS_KEY_ID: store.accessKeyId, S3_SECRET_ACCESS_KEY: store.secretAccessKey,
    });
    const { createAgency } = await import('@/server/platform/create-agency');
    const { prepareDisposalList } = await import('@/server/keeping/disposal');
    const made = await createAgency({ id: '00000000-0000-4000-8000-000000000001', fullName: 'ผู้ดูแลแพลตฟอร์ม' }, {
      code: 'ar1', nameTh: 'กระทรวงทดสอบการเก็บรักษา', nameEn: '', ministryCode: 'นร', ownerNumber: '0101', address: 'กรุงเทพฯ', phone: '0 2000 0000', email: '',
      admin: { username: 'admin', fullNameTh: 'ผู้ดูแล', position: 'นักวิชาการ', email: '', password: 'bench-password-1' },
    });
    const tenant = made.tenantId;
    await owner`insert into retention_rules (tenant_id, id, position, retention_class, keywords) values
      (${tenant}, gen_random_uuid(), 0, 'routine', '{ประชาสัมพันธ์}'), (${tenant}, gen_random_uuid(), 1, 'financial', '{เบิกจ่าย}')`;
    const [register] = await owner<{ id: string }[]>`insert into registers (tenant_id, id, unit_id, kind, name_th)
      values (${tenant}, gen_random_uuid(), ${made.rootUnitId}, 'receive', 'ทะเบียนหนังสือรับ') returning id`;

    console.error(`[bench] loading ${LETTERS.toLocaleString()} letters (2021–2025) with their register lines and keeping`);
    const loadStarted = performance.now();
    const perYear = Math.floor(LETTERS / YEARS.length);
    for (const year of YEARS) {
      // A year at a time; the triggers class each letter by the rules as recording and registration do.
      await owner.begin(async (sql) => {
        await sql`set local synchronous_commit = off`;
        await sql`insert into register_counters (tenant_id, register_id, year, last_number) values (${tenant}, ${register!.id}, ${year}, ${perYear})`;
        await sql`
          insert into letters (tenant_id, id, unit_id, channel, document_number, letter_date, from_text, to_text, subject, urgency, received_at, created_by)
          select ${tenant}::uuid, md5(${year}::text || '-' || n)::uuid, ${made.rootUnitId}::uuid, 'paper', 'นร ๐๑๐๑/' || n,
            make_date(${year}, 1, 1) + (n % 360), 'สำนักงบประมาณ', 'ปลัดกระทรวง',
            case n % 5 when 0 then 'ขอประชาสัมพันธ์โครงการ ครั้งที่ ' || n when 1 then 'ขอเบิกจ่ายงบประมาณ ครั้งที่ ' || n else 'ขอส่งรายงานผลการดำเนินงาน ครั้งที่ ' || n end,
            'normal', make_date(${year}, 1, 1) + (n % 360) + time '10:00', ${made.adminId}::uuid
          from generate_series(1, ${perYear}::int) n`;
        await sql`
          insert into register_entries (tenant_id, register_id, year, number, letter_id, registered_at, registered_by, registered_by_name, unit_id, secrecy)
          select ${tenant}::uuid, ${register!.id}::uuid, ${year}, n, md5(${year}::text || '-' || n)::uuid, make_date(${year}, 1, 1) + (n % 360) + time '11:00',
            ${made.adminId}::uuid, 'ผู้ดูแล', ${made.rootUnitId}::uuid, 'normal'
          from generate_series(1, ${perYear}::int) n`;
      });
      console.error(`[bench]   ${year} loaded (${((performance.now() - loadStarted) / 1000).toFixed(0)} s)`);
    }
    // The search marks of a bulk load are not this benchmark's business (the indexer is not running).
    await owner`truncate search_pending`;
    await owner`vacuum analyze`;
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const [classes] = await owner<{ routine: number; financial: number; standard: number }[]>`
      select count(*) filter (where retention_class = 'routine')::int as routine, count(*) filter (where retention_class = 'financial')::int as financial,
             count(*) filter (where retention_class = 'standard')::int as standard from letter_keeping where tenant_id = ${tenant}`;

    const started = performance.now();
    const list = await prepareDisposalList(tenant, 2025, { userId: null, name: 'ระบบ' });
    const disposalSeconds = (performance.now() - started) / 1000;
    const [check] = await owner<{ items: number; marked: number }[]>`
      select (select count(*)::int from disposal_items where tenant_id = ${tenant}) as items,
             (select count(*)::int from letter_keeping where tenant_id = ${tenant} and disposal_list_id = ${list!.id}) as marked`;
    const imported = await importBench(tenant, made.rootUnitId, made.adminId, dir);
    const figures = {
      disposal_list_s: Number(disposalSeconds.toFixed(2)), disposal_items: check!.items, letters: LETTERS,
      routine: classes!.routine, financial: classes!.financial, standard: classes!.standard, load_s: Number(loadSeconds.toFixed(0)),
      ...imported,
    };
    return {
      figures: { archive: figures },
      table: [
        { measure: 'disposal list of 2025 prepared (s), target ≤ 10', value: figures.disposal_list_s },
        { measure: 'lines on it (routine letters of 2021–2024)', value: check!.items },
        { measure: 'keeping rows marked with the list', value: check!.marked },
        { measure: 'letters (routine / financial / ten years)', value: `${LETTERS} (${classes!.routine} / ${classes!.financial} / ${classes!.standard})` },
        { measure: `import of ${IMPORTED} lines with one-page PDFs (letters/s)`, value: imported.import_per_s },
        { measure: 'bare copy of the same files into the store (files/s)', value: imported.copy_per_s },
        { measure: 'import_ratio (target ≥ 0.3)', value: imported.import_ratio },
      ],
    };
  } finally {
    await closePools();
    await owner.end();
    await pg.stop();
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The import job over IMPORTED lines, and the bare copy of the same files, in the same run. */
async function importBench(tenant: string, unitId: string, adminId: string, dir: string) {
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  const { writeFileSync } = await import('node:fs');
  const { s3, bucket } = await import('@/server/storage/s3');
  const { FILES_AT_ONCE, runArchiveImport } = await import('@/server/keeping/archive-import');
  const { guessMapping } = await import('@/server/keeping/import-rows');
  // Distinct files (each its own bytes), as scans are.
  const files = await Promise.all(Array.from({ length: IMPORTED }, async (_, i) => ({ name: `scans/${i + 1}.pdf`, body: await onePagePdf(i + 1) })));
  const header = ['เลขทะเบียนรับ', 'วันที่รับ', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'ไฟล์'];
  const rows = files.map((f, i) => [String(i + 1), `${1 + (i % 28)}/${1 + (Math.floor(i / 1000) % 12)}/2560`, `กค 0402/${i + 1}`, `${1 + (i % 28)}/1/2560`, 'กรมบัญชีกลาง', 'อธิบดี', `ขอส่งรายงาน ฉบับที่ ${i + 1}`, f.name]);
  const csvFile = path.join(dir, 'register.csv');
  writeFileSync(csvFile, [header, ...rows].map((r) => r.join(',')).join('\n'));
  const zipFile = path.join(dir, 'files.zip');
  await zipOf(files, zipFile);
  const { createReadStream } = await import('node:fs');
  const { Upload } = await import('@aws-sdk/lib-storage');
  const id = '00000000-0000-4000-8000-0000000000aa';
  for (const [file, key] of [[csvFile, `tenants/${tenant}/imports/${id}/register.csv`], [zipFile, `tenants/${tenant}/imports/${id}/files.zip`]] as const) {
    await new Upload({ client: s3(), params: { Bucket: bucket(), Key: key, Body: createReadStream(file) } }).done();
  }
  const { runInTenant } = await import('@/db/scope');
  const { archiveImports } = await import('@/db/schema');
  await runInTenant({ tenantId: tenant, userId: null, system: true }, (tx) => tx.insert(archiveImports).values({
    tenantId: tenant, id, createdBy: adminId, createdByName: 'ผู้ดูแล', unitId, sheetName: 'register.csv', sheetKey: `tenants/${tenant}/imports/${id}/register.csv`,
    sheetFormat: 'csv', zipName: 'files.zip', zipKey: `tenants/${tenant}/imports/${id}/files.zip`, columns: header, mapping: guessMapping(header) as Record<string, number | null>, state: 'queued',
  }));
  console.error(`[bench] importing ${IMPORTED} lines`);
  const started = performance.now();
  await runArchiveImport({ tenantId: tenant, importId: id });
  const importSeconds = (performance.now() - started) / 1000;
  const [done] = await runInTenant({ tenantId: tenant, userId: null, system: true }, (tx) => tx.select().from(archiveImports));
  if (done?.rowsImported !== IMPORTED) throw new Error(`the import took ${done?.rowsImported} of ${IMPORTED} lines (${done?.errorKey ?? ''})`);

  // The baseline: the same files put into the store as they are, as many at once as the import stores them.
  const copyStarted = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: FILES_AT_ONCE }, async () => {
    while (next < files.length) {
      const f = files[next++]!;
      await s3().send(new PutObjectCommand({ Bucket: bucket(), Key: `copy/${f.name}`, Body: f.body, ContentType: 'application/pdf' }));
    }
  }));
  const copySeconds = (performance.now() - copyStarted) / 1000;
  const importPerS = IMPORTED / importSeconds;
  const copyPerS = IMPORTED / copySeconds;
  return {
    import_lines: IMPORTED, import_s: Number(importSeconds.toFixed(1)), import_per_s: Number(importPerS.toFixed(1)),
    copy_per_s: Number(copyPerS.toFixed(1)), import_ratio: Number((importPerS / copyPerS).toFixed(3)),
  };
}
