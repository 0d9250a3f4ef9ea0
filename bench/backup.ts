/**
 * `npm run bench -- backup`: one agency with BACKUP_LETTERS (10,000) letters, each with a scan of
 * 40–160 KB (random bytes: scans do not compress), in an embedded PostgreSQL and object store. In the
 * same run:
 *   - the backup (npm run saraban -- backup's code path: pg_dump, every object read, hashed, encrypted,
 *     written under its content's name, the manifest last) against the baseline the issue names:
 *     pg_dump (the same custom format) to a file plus a plain copy of every object to a file, 8 at a time;
 *   - a second backup with nothing changed (nothing copied again) against the first: incremental_speedup;
 *   - the restore (every object checked as it streams back, pg_restore in one transaction, into an empty
 *     database and bucket) against pg_restore of the baseline's dump plus a plain upload of its files.
 * MB/s count the database dump and the objects. Figures under `backup` in bench/results.json.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import postgres from 'postgres';
import type { BenchResult } from './run';

const LETTERS = Number(process.env.BACKUP_LETTERS ?? 10_000);
const KEY = 'bench-backup-key-0123456789';

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-bench-backup-'));
  chmodSync(dir, 0o755);
  const { freePort } = await import('@/server/runtime/free-port');
  const { startEmbeddedPostgres } = await import('@/server/runtime/embedded-postgres');
  const { startEmbeddedS3 } = await import('@/server/runtime/embedded-s3');
  const { enableRoleLogins, migrateDatabase } = await import('@/db/migrate');
  const { storeClient } = await import('@/server/storage/s3');
  const { takeBackup, eachLimited, listObjects } = await import('@/server/backup/take-backup');
  const { restoreBackup } = await import('@/server/backup/restore-backup');
  const secret = 'bench-secret-0123456789abcdef0123456789';
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'bench', database: 'saraban_bench' });
  const s3 = await startEmbeddedS3({ dir: path.join(dir, 's3'), port: await freePort(), bucket: 'saraban-bench' });
  const owner = postgres(pg.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await migrateDatabase(pg.ownerUrl);
    const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, secret);
    Object.assign(process.env, {
      DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl, NEXTAUTH_SECRET: secret,
      S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'saraban-bench', S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    const client = storeClient({ S3_ENDPOINT: s3.endpoint, S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey });
    const { createAgency } = await import('@/server/platform/create-agency');
    const made = await createAgency({ id: '00000000-0000-4000-8000-000000000001', fullName: 'ผู้ดูแลแพลตฟอร์ม' }, {
      code: 'bk1', nameTh: 'กรมทดสอบสำรองข้อมูล', nameEn: '', ministryCode: 'นร', ownerNumber: '0101', address: 'กรุงเทพฯ', phone: '0 2000 0000', email: '',
      admin: { username: 'admin', fullNameTh: 'ผู้ดูแล', position: 'นักวิชาการ', email: '', password: 'bench-password-1' },
    });

    // The letters and their file rows, then the files themselves.
    console.error(`[bench] loading ${LETTERS} letters with their scans`);
    const loadStarted = performance.now();
    await owner`
      insert into letters (tenant_id, id, unit_id, channel, document_number, letter_date, from_text, to_text, subject, urgency, received_at, created_by)
      select ${made.tenantId}::uuid, gen_random_uuid(), ${made.rootUnitId}::uuid, 'paper', 'ที่ นร ๐๑๐๑/' || n, date '2026-01-01' + (n % 330),
        'สำนักงบประมาณ', 'อธิบดี', 'ขอส่งรายงานผลการดำเนินงาน ครั้งที่ ' || n, 'normal', now(), ${made.adminId}::uuid
      from generate_series(1, ${LETTERS}::int) n`;
    const letters = await owner<Array<{ id: string }>>`select id from letters where tenant_id = ${made.tenantId} order by id`;
    const files = letters.map((l, i) => ({ letterId: l.id, key: `tenants/${made.tenantId}/letters/${l.id}/scan-${i}.pdf`, size: 40_000 + ((i * 7919) % 120_000) }));
    await eachLimited(files, 16, async (f) => {
      await client.send(new PutObjectCommand({ Bucket: 'saraban-bench', Key: f.key, Body: randomBytes(f.size), ContentType: 'application/pdf' }));
    });
    await owner`
      insert into letter_files (tenant_id, id, letter_id, kind, object_key, file_name, content_type, size, sha256, sealed)
      select ${made.tenantId}::uuid, gen_random_uuid(), f.letter_id::uuid, 'original', f.key, 'สแกน.pdf', 'application/pdf', f.size::int, repeat('0', 64), false
      from json_to_recordset(${owner.json(files.map((f) => ({ letter_id: f.letterId, key: f.key, size: f.size })))}::json) as f(letter_id text, key text, size int)`;
    const objectBytes = files.reduce((n, f) => n + f.size, 0);
    console.error(`[bench] loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s: ${(objectBytes / 1048576).toFixed(0)} MB of files`);

    const instance = (ownerUrl: string, bucket: string) => ({ ownerUrl, store: { client, bucket }, authSecret: secret, zeroSetup: false });
    const seconds = (started: number) => (performance.now() - started) / 1000;

    // The baseline backup: pg_dump to a file and a plain copy of every object, 8 at a time.
    const baselineDir = path.join(dir, 'plain');
    mkdirSync(path.join(baselineDir, 'objects'), { recursive: true });
    const dumpFile = path.join(baselineDir, 'database.dump');
    const url = new URL(pg.ownerUrl);
    const pgEnv = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) };
    const plainUrl = (database: string) => { const u = new URL(pg.ownerUrl); u.password = ''; u.pathname = `/${database}`; return u.toString(); };
    const baselineBackup = async () => {
      const started = performance.now();
      const dumped = spawnSync('pg_dump', ['--format=custom', '--no-sync', `--dbname=${plainUrl('saraban_bench')}`, `--file=${dumpFile}`], { env: pgEnv });
      if (dumped.status !== 0) throw new Error(`pg_dump: ${dumped.stderr}`);
      const objects: string[] = [];
      for await (const o of listObjects({ client, bucket: 'saraban-bench' })) objects.push(o.key);
      await eachLimited(objects, 8, async (key) => {
        const response = await client.send(new GetObjectCommand({ Bucket: 'saraban-bench', Key: key }));
        await pipeline(response.Body as Readable, createWriteStream(path.join(baselineDir, 'objects', encodeURIComponent(key))));
      });
      return { seconds: seconds(started), objects };
    };
    const baselineRestore = async (database: string, bucket: string, objects: string[]) => {
      const started = performance.now();
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      await eachLimited(objects, 8, async (key) => {
        const file = path.join(baselineDir, 'objects', encodeURIComponent(key));
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: statSync(file).size }));
      });
      const restored = spawnSync('pg_restore', ['--single-transaction', '--exit-on-error', '--no-owner', `--dbname=${plainUrl(database)}`, dumpFile], { env: pgEnv });
      if (restored.status !== 0) throw new Error(`pg_restore: ${restored.stderr}`);
      return seconds(started);
    };

    const repo = path.join(dir, 'backups');
    console.error('[bench] the baseline backup (pg_dump + a plain copy)');
    const plain = await baselineBackup();
    const dumpBytes = statSync(dumpFile).size;
    const totalMb = (dumpBytes + objectBytes) / 1048576;
    console.error('[bench] the backup');
    const first = await takeBackup(instance(pg.ownerUrl, 'saraban-bench'), repo, KEY);
    console.error('[bench] the backup again, nothing changed');
    const second = await takeBackup(instance(pg.ownerUrl, 'saraban-bench'), repo, KEY);

    for (const database of ['restore_app', 'restore_plain']) await owner.unsafe(`create database ${database}`);
    const restoredUrl = (database: string) => { const u = new URL(pg.ownerUrl); u.pathname = `/${database}`; return u.toString(); };
    console.error('[bench] the baseline restore (pg_restore + a plain upload)');
    const plainRestore = await baselineRestore('restore_plain', 'restore-plain', plain.objects);
    console.error('[bench] the restore');
    await client.send(new CreateBucketCommand({ Bucket: 'restore-app' }));
    const restoreStarted = performance.now();
    const restored = await restoreBackup(instance(restoredUrl('restore_app'), 'restore-app'), repo, KEY);
    const appRestore = seconds(restoreStarted);
    if (restored.objects !== files.length) throw new Error(`restored ${restored.objects} objects of ${files.length}`);

    console.error(`[bench] stages of the first backup ${JSON.stringify(first.stages)}, of the second ${JSON.stringify(second.stages)}`);
    const round = (n: number, digits = 2) => Number(n.toFixed(digits));
    const figures = {
      letters: LETTERS,
      objects: files.length,
      data_mb: round(totalMb, 1),
      backup_mb_per_s: round(totalMb / first.seconds, 1),
      baseline_backup_mb_per_s: round(totalMb / plain.seconds, 1),
      backup_ratio: round(plain.seconds / first.seconds),
      incremental_seconds: round(second.seconds),
      incremental_copied_objects: second.copiedObjects,
      incremental_speedup: round(first.seconds / second.seconds, 1),
      restore_mb_per_s: round(totalMb / appRestore, 1),
      baseline_restore_mb_per_s: round(totalMb / plainRestore, 1),
      restore_ratio: round(plainRestore / appRestore),
    };
    return {
      figures: { backup: figures },
      table: [
        { step: 'backup (pg_dump + every object, encrypted)', seconds: round(first.seconds), mb_per_s: figures.backup_mb_per_s },
        { step: 'baseline: pg_dump + plain copy', seconds: round(plain.seconds), mb_per_s: figures.baseline_backup_mb_per_s },
        { step: 'backup again, nothing changed', seconds: figures.incremental_seconds, mb_per_s: '' },
        { step: 'restore (checked, one transaction)', seconds: round(appRestore), mb_per_s: figures.restore_mb_per_s },
        { step: 'baseline: plain upload + pg_restore', seconds: round(plainRestore), mb_per_s: figures.baseline_restore_mb_per_s },
        { step: 'ratios', seconds: '', mb_per_s: `backup ${figures.backup_ratio}, restore ${figures.restore_ratio}, incremental ×${figures.incremental_speedup}` },
      ],
    };
  } finally {
    await owner.end({ timeout: 5 });
    const { closePools } = await import('@/db/client');
    await closePools().catch(() => {});
    await s3.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
