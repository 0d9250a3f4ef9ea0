/**
 * `classified`: the cost of sealing, through the real path, in one run beside its baseline.
 * - record_ratio: recording a ลับ paper letter with a 10 MB scan (sealed as the browser does,
 *   with the same core/classified-crypto.ts, then POST /api/letters/classified) over recording
 *   the same scan unclassified (POST /api/letters/paper, which also opens the PDF to check it).
 * - open_ratio: opening that scan with the letter open (GET the file, opening the ciphertext as
 *   it arrives, as the browser does) over fetching the unclassified one.
 * - unlock_ms: unlocking a private key (the sealed key fetched, Argon2id at 64 MiB, unsealed).
 * The route handlers run in this process against embedded PostgreSQL and S3.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { PDFDocument } from 'pdf-lib';
import { closePools } from '@/db/client';
import { enableRoleLogins, migrateDatabase } from '@/db/migrate';
import { runInTenant } from '@/db/scope';
import { createKeyPair, createRecoveryKey, fileContext, openFileStream, sealNewLetter, sodium, unlockKeyPair, unwrapKey } from '@/core/classified-crypto';
import { systemActor } from '@/server/audit/actor';
import { keepPersonKey, keepRecoveryKey, keyOwner } from '@/server/classified/keys';
import { createPerson } from '@/server/people/create-person';
import { applyClearance } from '@/server/people/set-clearance';
import { createAgency } from '@/server/platform/create-agency';
import { createCaller } from '@/server/routers/_app';
import { startEmbeddedPostgres } from '@/server/runtime/embedded-postgres';
import { startEmbeddedS3 } from '@/server/runtime/embedded-s3';
import { freePort } from '@/server/runtime/free-port';
import { signedIn } from './lib';
import type { BenchResult } from './run';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const SCAN_MB = 10;
const secret = 'classified-benchmark-secret-0123456789abcdef';
const operator = { id: '00000000-0000-4000-8000-000000000000', fullName: 'bench' };
const PASSPHRASE = 'benchmark-classified-passphrase';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T>) {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** A valid PDF of about 10 MB (one page and an incompressible attachment), as a large scan is. */
async function bigScan() {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]);
  await pdf.attach(randomBytes(SCAN_MB * 1024 * 1024), 'scan.bin', { mimeType: 'application/octet-stream' });
  return new Uint8Array(await pdf.save({ useObjectStreams: false }));
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'saraban-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), password: 'bench', database: 'saraban' });
  const s3 = await startEmbeddedS3({ dir: path.join(dir, 's3'), port: await freePort(), bucket: 'saraban-bench' });
  try {
    await migrateDatabase(pg.ownerUrl);
    const { appUrl, platformUrl } = await enableRoleLogins(pg.ownerUrl, secret);
    Object.assign(process.env, {
      DATABASE_APP_URL: appUrl, DATABASE_PLATFORM_URL: platformUrl, NEXTAUTH_SECRET: secret, MAX_UPLOAD_MB: '20',
      S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'saraban-bench', S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    const { POST: recordPlain } = await import('@/app/api/letters/paper/route');
    const { POST: recordSealed } = await import('@/app/api/letters/classified/route');
    const { GET: getFile } = await import('@/app/api/letters/[letterId]/files/[fileId]/route');
    const postgres = (await import('postgres')).default;
    const owner = postgres(pg.ownerUrl, { max: 1, onnotice: () => {} });
    await owner`insert into platform_operators (id, username, full_name, password_hash) values (${operator.id}, 'bench', 'bench', 'x')`;
    await owner.end();

    const a = await createAgency(operator, {
      code: `bench-c-${Date.now().toString(36)}`, nameTh: 'กรมทดสอบหนังสือลับ', nameEn: '', ministryCode: 'นร', ownerNumber: '0105', address: '', phone: '', email: '',
      admin: { username: 'admin', fullNameTh: 'ผู้ดูแล', position: '', email: '', password: 'benchmark-password' },
    });
    const officer = await runInTenant({ tenantId: a.tenantId, userId: a.adminId }, (tx) => createPerson(tx, a.tenantId, systemActor('bench'), {
      username: 'registry', password: 'benchmark-password', fullNameTh: 'นางทะเบียน ทดสอบ', fullNameEn: '', position: '', email: '',
      memberships: [{ unitId: a.rootUnitId, role: 'central_registry_officer' }],
    }));
    await runInTenant({ tenantId: a.tenantId, userId: null, system: true }, (tx) => applyClearance(tx, a.tenantId, systemActor('bench'),
      { id: officer.id, clearance: 'none', classifiedAppointed: false }, { clearance: 'secret', classifiedAppointed: true }, { provisioned: true }));
    const s = await sodium();
    const { sealed: { fingerprint: _, ...sealedKey }, keys } = createKeyPair(s, PASSPHRASE, keyOwner(a.tenantId, officer.id));
    const actor = { kind: 'user' as const, id: officer.id, name: 'นางทะเบียน ทดสอบ' };
    const myKey = await runInTenant({ tenantId: a.tenantId, userId: officer.id }, (tx) => keepPersonKey(tx, a.tenantId, actor, officer.id, sealedKey));
    const recovery = createRecoveryKey(s);
    // The registrar role may keep the recovery key (appointed central registry officer with ลับมาก clearance).
    const recoveryKey = await runInTenant({ tenantId: a.tenantId, userId: officer.id }, (tx) => keepRecoveryKey(tx, a.tenantId, actor, recovery.publicKey));

    const claims = await signedIn(a.tenantId, officer.id);
    const cookie = `next-auth.session-token=${await encode({ token: { claims }, secret })}`;
    const caller = createCaller({ session: claims, requestedUnitId: a.rootUnitId, ip: '127.0.0.1', setCookie: null });
    const scan = await bigScan();
    const details = { documentNumber: 'นร 0105/ลับ 1', letterDate: '2026-11-20', fromText: 'กรมต้นทาง', toText: 'อธิบดี', urgency: 'normal' };

    async function plainOnce() {
      const form = new FormData();
      form.set('letter', JSON.stringify({ ...details, subject: 'หนังสือทดสอบ', secrecy: 'normal', remarks: '' }));
      form.append('files', new Blob([scan as Uint8Array<ArrayBuffer>]), 'scan.pdf');
      const response = await recordPlain(new Request('http://127.0.0.1/api/letters/paper', { method: 'POST', body: form, headers: { cookie } }));
      if (response.status !== 200) throw new Error(`plain record: ${response.status} ${await response.text()}`);
      return (await response.json() as { id: string }).id;
    }
    async function sealedOnce() {
      // What the browser does, then the upload.
      const letterId = randomUUID();
      const fileId = randomUUID();
      const sealed = await sealNewLetter(s, {
        letterId, subject: 'หนังสือลับทดสอบ', remarks: '', files: [{ id: fileId, name: 'scan.pdf', type: 'application/pdf', bytes: scan }],
        wrapFor: [{ keyId: myKey.id, publicKey: sealedKey.publicKey }, { keyId: recoveryKey.id, publicKey: recovery.publicKey }],
      });
      const form = new FormData();
      form.set('letter', JSON.stringify({ ...details, secrecy: 'confidential', letterId, sealedDetails: sealed.sealedDetails, keys: sealed.keys }));
      form.append(`sealed:${fileId}`, new Blob([sealed.files[0]!.bytes as Uint8Array<ArrayBuffer>]), 'sealed');
      const response = await recordSealed(new Request('http://127.0.0.1/api/letters/classified', { method: 'POST', body: form, headers: { cookie } }));
      if (response.status !== 200) throw new Error(`sealed record: ${response.status} ${await response.text()}`);
      return letterId;
    }
    async function fileResponse(letterId: string) {
      const [file] = await caller.letters.files({ letterId });
      const response = await getFile(new Request(`http://127.0.0.1/api/letters/${letterId}/files/${file!.id}`, { headers: { cookie } }),
        { params: Promise.resolve({ letterId, fileId: file!.id }) });
      return { fileId: file!.id, response };
    }
    async function fetchFile(letterId: string) {
      const { response } = await fileResponse(letterId);
      return new Uint8Array(await response.arrayBuffer());
    }
    // The reader has the letter open (its content key unwrapped when its details were shown): opening a file is fetch + decrypt.
    const contentKeys = new Map<string, Uint8Array>();
    async function openSealed(letterId: string) {
      const { fileId, response } = await fileResponse(letterId);
      const plain = await openFileStream(s, contentKeys.get(letterId)!, fileContext(letterId, fileId), response.body!);
      if (plain.length !== scan.length) throw new Error('opened scan differs');
    }
    async function unwrapFor(letterId: string) {
      const key = await caller.classified.letterKey({ letterId });
      contentKeys.set(letterId, unwrapKey(s, key.wrapped, letterId, keys));
    }

    // Warm-up, then alternating rounds so drift hits both sides alike.
    const plainIds = [await plainOnce()];
    const sealedIds = [await sealedOnce()];
    await fetchFile(plainIds[0]!);
    await unwrapFor(sealedIds[0]!);
    await openSealed(sealedIds[0]!);
    const record = { plain: [] as number[], sealed: [] as number[] };
    const open = { plain: [] as number[], sealed: [] as number[] };
    const unlock: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Each pair in turn first, so whatever the previous step leaves (garbage, cache) falls on both alike.
      const first = i % 2 === 0;
      const p = first ? await timed(plainOnce) : null;
      const c = await timed(sealedOnce);
      await unwrapFor(c.value);
      const q = p ?? await timed(plainOnce);
      record.plain.push(q.ms);
      record.sealed.push(c.ms);
      if (first) open.plain.push((await timed(() => fetchFile(q.value))).ms);
      open.sealed.push((await timed(() => openSealed(c.value))).ms);
      if (!first) open.plain.push((await timed(() => fetchFile(q.value))).ms);
      unlock.push((await timed(async () => {
        const { owner: o, key } = await caller.classified.sealedKey();
        unlockKeyPair(s, key!, PASSPHRASE, o);
      })).ms);
    }
    const figures = {
      record_plain_ms: Math.round(median(record.plain)), record_sealed_ms: Math.round(median(record.sealed)),
      record_ratio: Number((median(record.sealed) / median(record.plain)).toFixed(2)),
      open_plain_ms: Math.round(median(open.plain)), open_sealed_ms: Math.round(median(open.sealed)),
      open_ratio: Number((median(open.sealed) / median(open.plain)).toFixed(2)),
      unlock_ms: Math.round(median(unlock)), scan_mb: SCAN_MB, rounds: ROUNDS,
      targets: 'record_ratio ≤ 1.5, open_ratio ≤ 1.5, unlock_ms ≤ 1000',
    };
    return { figures: { classified: figures }, table: [figures] };
  } finally {
    await closePools();
    await s3.stop();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
