import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { PassThrough, type Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { JobHelpers } from 'graphile-worker';
import yazl from 'yazl';
import { z } from 'zod';
import { archiveTransfers, letterFiles, letterKeeping, letters, outgoingFiles, outgoingLetters, registerEntries, sendRegisterEntries } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { TRANSFER_AGE_YEARS } from '@/core/keeping';
import { AppError } from '@/core/errors';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { enqueue } from '@/server/queue/enqueue';
import { todayInBangkok } from '@/server/shared/letter-date';
import { bucket, s3 } from '@/server/storage/s3';
import { requireKeeper } from './access';

/**
 * The transfer to the National Archives (บัญชีส่งมอบหนังสือครบ ๒๐ ปี, ระเบียบฯ ข้อ ๕๘ as amended):
 * permanent letters kept from 20 years ago or earlier are listed, and written out by a background
 * job (archive.transfer) as one ZIP of open formats: the list as CSV (UTF-8) and JSON Lines with
 * every letter's data, and each letter's files as they were received or signed.
 */

/** The day a letter must have been kept from, at the latest, to be due for transfer today. */
export function transferCutoff(today = todayInBangkok()) {
  return `${Number(today.slice(0, 4)) - TRANSFER_AGE_YEARS}${today.slice(4)}`;
}

const PAGE = 200;

/** Permanent letters due for transfer, by the day they were kept from (the index on it), a page at a time. */
async function duePage(tx: TenantTx, tenantId: string, cutoff: string, after: { keptFrom: string; letterId: string } | null) {
  return tx.select({
    letterId: letterKeeping.letterId, direction: letterKeeping.direction, keptFrom: letterKeeping.keptFrom,
    documentNumber: sql<string>`coalesce(${letters.documentNumber}, ${outgoingLetters.documentNumber}, '')`,
    letterDate: sql<string>`coalesce(${letters.letterDate}::text, ${outgoingLetters.letterDate}, '')`,
    subject: sql<string>`case when coalesce(${letters.secrecy}, ${outgoingLetters.secrecy}) <> 'normal' then '' else coalesce(${letters.subject}, ${outgoingLetters.subject}, '') end`,
    fromText: sql<string>`coalesce(${letters.fromText}, '')`, toText: sql<string>`coalesce(${letters.toText}, '')`,
    registerLine: sql<string>`coalesce((select ${registerEntries.number} || '/' || (${registerEntries.year} + 543) from ${registerEntries}
      where ${registerEntries.tenantId} = ${letterKeeping.tenantId} and ${registerEntries.letterId} = ${letterKeeping.letterId} and ${registerEntries.cancelledAt} is null limit 1),
      (select ${sendRegisterEntries.number} || '/' || (${sendRegisterEntries.year} + 543) from ${sendRegisterEntries}
      where ${sendRegisterEntries.tenantId} = ${letterKeeping.tenantId} and ${sendRegisterEntries.outgoingLetterId} = ${letterKeeping.letterId} limit 1), '')`,
  }).from(letterKeeping)
    .leftJoin(letters, and(eq(letters.tenantId, letterKeeping.tenantId), eq(letters.id, letterKeeping.letterId)))
    .leftJoin(outgoingLetters, and(eq(outgoingLetters.tenantId, letterKeeping.tenantId), eq(outgoingLetters.id, letterKeeping.letterId)))
    .where(and(eq(letterKeeping.tenantId, tenantId), eq(letterKeeping.retentionClass, 'permanent'), isNull(letterKeeping.destroyedAt), lte(letterKeeping.keptFrom, cutoff),
      after ? or(gt(letterKeeping.keptFrom, after.keptFrom), and(eq(letterKeeping.keptFrom, after.keptFrom), gt(letterKeeping.letterId, after.letterId))) : undefined))
    .orderBy(asc(letterKeeping.keptFrom), asc(letterKeeping.letterId)).limit(PAGE);
}

export const transferPageInput = z.object({ after: z.object({ keptFrom: z.iso.date(), letterId: z.uuid() }).nullable().default(null) });

/** The letters due for transfer now, a page at a time, and the transfers made. */
export async function transferList(tx: TenantTx, viewer: Viewer, input: z.infer<typeof transferPageInput>) {
  requireKeeper(viewer);
  const cutoff = transferCutoff();
  const items = await duePage(tx, viewer.tenant.id, cutoff, input.after);
  const transfers = await tx.select().from(archiveTransfers).where(eq(archiveTransfers.tenantId, viewer.tenant.id)).orderBy(desc(archiveTransfers.createdAt)).limit(10);
  const last = items.at(-1);
  return { cutoff, items, next: items.length === PAGE && last ? { keptFrom: last.keptFrom, letterId: last.letterId } : null, transfers };
}

/** Asks for the transfer's ZIP to be made (a background job). */
export async function startTransfer(tx: TenantTx, viewer: Viewer) {
  requireKeeper(viewer);
  const id = randomUUID();
  const cutoff = transferCutoff();
  await tx.insert(archiveTransfers).values({ tenantId: viewer.tenant.id, id, cutoff, requestedBy: viewer.user.id, requestedByName: viewer.user.fullNameTh });
  await enqueue(tx, 'archive.transfer', { transferId: id }, { jobKey: `archive-transfer:${id}`, maxAttempts: 3 });
  await recordAudit(tx, viewer.tenant.id, { actor: actorOf(viewer), action: 'keeping.transfer_started', targetType: 'tenant', targetId: viewer.tenant.id, data: { transferId: id, cutoff } });
  return { id };
}

export const transferIdInput = z.object({ transferId: z.uuid() });

export async function transferFile(tx: TenantTx, viewer: Viewer, transferId: string) {
  requireKeeper(viewer);
  const [row] = await tx.select().from(archiveTransfers).where(and(eq(archiveTransfers.tenantId, viewer.tenant.id), eq(archiveTransfers.id, transferId)));
  if (!row || row.state !== 'ready' || !row.objectKey) throw new AppError('not_found');
  return { objectKey: row.objectKey, fileName: `บัญชีส่งมอบหนังสือครบ20ปี-${row.cutoff}.zip`, contentType: 'application/zip', size: row.size ?? 0, sha256: row.sha256 ?? '' };
}

const csvCell = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;

/**
 * The job: every due letter, a page per transaction as the agency, into a ZIP streamed to the store
 * (bounded memory whatever the count): `บัญชีส่งมอบ.csv`, `letters.jsonl`, and `files/<line>/<name>`.
 */
export async function runTransfer({ tenantId, transferId }: { tenantId: string; transferId: string }, helpers?: JobHelpers) {
  const system = { tenantId, userId: null, system: true } as const;
  const [row] = await runInTenant(system, (tx) => tx.select().from(archiveTransfers).where(and(eq(archiveTransfers.tenantId, tenantId), eq(archiveTransfers.id, transferId))));
  if (!row || row.state === 'ready' || row.state === 'failed') return;
  const objectKey = `tenants/${tenantId}/transfers/${transferId}.zip`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'saraban-transfer-'));
  try {
    await runInTenant(system, (tx) => tx.update(archiveTransfers).set({ state: 'running' }).where(and(eq(archiveTransfers.tenantId, tenantId), eq(archiveTransfers.id, transferId))));
    const zip = new yazl.ZipFile();
    const body = new PassThrough();
    const hash = createHash('sha256');
    let size = 0;
    zip.outputStream.on('data', (chunk: Buffer) => { hash.update(chunk); size += chunk.length; });
    zip.outputStream.pipe(body);
    const upload = new Upload({ client: s3(), params: { Bucket: bucket(), Key: objectKey, Body: body, ContentType: 'application/zip' } }).done();
    // The list and the data are written to disk first (the ZIP takes them whole before the files).
    const csvFile = path.join(dir, 'list.csv');
    const jsonlFile = path.join(dir, 'letters.jsonl');
    const csv = createWriteStream(csvFile);
    const jsonl = createWriteStream(jsonlFile);
    csv.write(`\uFEFF${['ลำดับที่', 'เลขทะเบียน', 'ที่', 'ลงวันที่', 'จาก', 'ถึง', 'เรื่อง', 'เก็บตั้งแต่', 'ไฟล์'].map(csvCell).join(',')}\r\n`);
    let line = 0;
    let after: { keptFrom: string; letterId: string } | null = null;
    const fileEntries: Array<{ name: string; key: string }> = [];
    for (;;) {
      const page = await runInTenant(system, async (tx) => {
        const items = await duePage(tx, tenantId, row.cutoff, after);
        const ids = items.map((i) => i.letterId);
        const files = ids.length === 0 ? [] : [
          ...await tx.select({ letterId: letterFiles.letterId, name: letterFiles.fileName, key: letterFiles.objectKey, sealed: letterFiles.sealed }).from(letterFiles)
            .where(and(eq(letterFiles.tenantId, tenantId), inArray(letterFiles.letterId, ids), eq(letterFiles.kind, 'original'))),
          ...await tx.select({ letterId: outgoingFiles.letterId, name: outgoingFiles.fileName, key: outgoingFiles.objectKey, sealed: outgoingFiles.sealed }).from(outgoingFiles)
            .where(and(eq(outgoingFiles.tenantId, tenantId), inArray(outgoingFiles.letterId, ids))),
        ];
        return { items, files };
      });
      for (const item of page.items) {
        line += 1;
        // A classified letter's files are ciphertext the platform cannot open: they travel as they are, named so.
        const safe = (name: string) => name.replace(/[\\/:*?"<>|]+/g, '_');
        const own = page.files.filter((f) => f.letterId === item.letterId).map((f, i) => ({ name: `files/${line}/${i + 1}-${safe(f.sealed ? `${f.name}.sealed` : f.name)}`, key: f.key }));
        fileEntries.push(...own);
        csv.write(`${[line, item.registerLine, item.documentNumber, item.letterDate, item.fromText, item.toText, item.subject, item.keptFrom, own.map((f) => f.name).join('; ')].map(csvCell).join(',')}\r\n`);
        jsonl.write(`${JSON.stringify({ line, ...item, files: own.map((f) => f.name) })}\n`);
      }
      if (page.items.length < PAGE) break;
      const last = page.items.at(-1)!;
      after = { keptFrom: last.keptFrom, letterId: last.letterId };
    }
    csv.end();
    jsonl.end();
    await Promise.all([finished(csv), finished(jsonl)]);
    zip.addFile(csvFile, 'บัญชีส่งมอบ.csv');
    zip.addFile(jsonlFile, 'letters.jsonl');
    // The files after the list, one at a time from the store (each streamed, none held whole).
    for (const f of fileEntries) {
      const object = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: f.key }));
      const stream = object.Body as Readable;
      const ended = new Promise<void>((resolve, reject) => { stream.once('end', resolve); stream.once('error', reject); });
      zip.addReadStream(stream, f.name, { compress: false });
      await ended;
    }
    zip.end();
    await upload;
    await runInTenant(system, (tx) => tx.update(archiveTransfers).set({ state: 'ready', letters: line, objectKey, size, sha256: hash.digest('hex'), finishedAt: new Date() })
      .where(and(eq(archiveTransfers.tenantId, tenantId), eq(archiveTransfers.id, transferId))));
  } catch (error) {
    if (!helpers || helpers.job.attempts >= helpers.job.max_attempts) {
      await runInTenant(system, (tx) => tx.update(archiveTransfers).set({ state: 'failed', finishedAt: new Date() }).where(and(eq(archiveTransfers.tenantId, tenantId), eq(archiveTransfers.id, transferId))));
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
