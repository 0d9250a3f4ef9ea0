import { randomUUID, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { JobHelpers } from 'graphile-worker';
import { z } from 'zod';
import { notifications, registerExports, users } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';
import { EXPORT_KEEP_DAYS } from '@/core/letters';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { loadViewer, type Viewer } from '@/server/auth/load-viewer';
import { enqueue } from '@/server/queue/enqueue';
import { fileSink } from '@/server/documents/file-sink';
import { bucket, s3 } from '@/server/storage/s3';
import { listRegister, listRegisterInput } from './list-register';
import { registerFileName, registerPages, writeRegisterPdf, writeRegisterXlsx } from './register-documents';

/**
 * A register written out as a file by a background job (registry.startExport): the listing is
 * read page by page as the person who asked, with what they may see now, the file laid out as it
 * is read (a PDF on a thread of its own, a workbook streamed), stored, and announced to them.
 * The screen shows its progress; the file is theirs alone and kept EXPORT_KEEP_DAYS.
 */
export const startExportInput = listRegisterInput.pick({ registerId: true, yearBe: true, day: true, until: true, text: true, urgency: true })
  .extend({ format: z.enum(['pdf', 'xlsx']) });

export const exportIdInput = z.object({ exportId: z.uuid() });

/** Lines read per transaction by the job. */
const PAGE = 1000;
/** The exports one person may have waiting or being made at once. */
export const MAX_WAITING = 3;
/** The exports listed on the register screen. */
const SHOWN = 10;

export async function startRegisterExport(tx: TenantTx, viewer: Viewer, input: z.infer<typeof startExportInput>) {
  // A person's files are made one after another: a few may wait, not hundreds.
  const [waiting] = await tx.select({ n: sql<number>`count(*)::int` }).from(registerExports)
    .where(and(eq(registerExports.tenantId, viewer.tenant.id), eq(registerExports.requestedBy, viewer.user.id), inArray(registerExports.state, ['queued', 'running'])));
  if ((waiting?.n ?? 0) >= MAX_WAITING) throw new AppError('too_many_requests');
  // The same checks as the screen, and the year's count (the progress bar's end), from one line.
  const first = await listRegister(tx, viewer, { ...input, cursor: null, limit: 1 });
  const id = randomUUID();
  await tx.insert(registerExports).values({
    tenantId: viewer.tenant.id, id, requestedBy: viewer.user.id, unitId: viewer.actingUnitId, registerId: input.registerId,
    yearBe: input.yearBe, format: input.format, day: input.day ?? null, until: input.until ?? null, text: input.text || null, urgency: input.urgency ?? null,
    linesTotal: first.total, fileName: registerFileName(first, input.day, input.format, input.until),
  });
  await enqueue(tx, 'register.export', { exportId: id }, { jobKey: `export:${id}`, maxAttempts: 3 });
  // Who took a register out of the platform, which and how (the words searched for are not kept).
  await recordAudit(tx, viewer.tenant.id, {
    actor: actorOf(viewer), action: 'register.exported', targetType: 'register', targetId: input.registerId,
    data: { exportId: id, format: input.format, yearBe: input.yearBe, day: input.day ?? null, until: input.until ?? null, filtered: Boolean(input.text || input.urgency), lines: first.total },
  });
  return { id };
}

const shown = {
  id: registerExports.id, registerId: registerExports.registerId, yearBe: registerExports.yearBe, format: registerExports.format,
  day: registerExports.day, state: registerExports.state, linesDone: registerExports.linesDone, linesTotal: registerExports.linesTotal,
  fileName: registerExports.fileName, size: registerExports.size, errorKey: registerExports.errorKey, createdAt: registerExports.createdAt,
  finishedAt: registerExports.finishedAt,
};

/** The person's latest exports, newest first (their own only: RLS and the index on requester and time). */
export async function listMyExports(tx: TenantTx, viewer: Viewer) {
  return tx.select(shown).from(registerExports)
    .where(and(eq(registerExports.tenantId, viewer.tenant.id), eq(registerExports.requestedBy, viewer.user.id)))
    .orderBy(desc(registerExports.createdAt)).limit(SHOWN);
}

/** A ready export's stored file, for its requester's download. */
export async function exportFile(tx: TenantTx, viewer: Viewer, exportId: string) {
  const [row] = await tx.select().from(registerExports)
    .where(and(eq(registerExports.tenantId, viewer.tenant.id), eq(registerExports.id, exportId), eq(registerExports.requestedBy, viewer.user.id)));
  if (!row || row.state !== 'ready' || !row.objectKey) throw new AppError('not_found');
  return {
    objectKey: row.objectKey, fileName: row.fileName, size: row.size ?? 0, sha256: row.sha256 ?? '',
    contentType: row.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}

type ExportRow = typeof registerExports.$inferSelect;

/** The person who asked, as the database says now (a disabled account or a lost permission ends the export). */
async function requester(tx: TenantTx, row: ExportRow) {
  const [person] = await tx.select({ sv: users.sessionVersion }).from(users).where(and(eq(users.tenantId, row.tenantId), eq(users.id, row.requestedBy)));
  if (!person) throw new AppError('forbidden');
  const viewer = await loadViewer(tx, { tenantId: row.tenantId, userId: row.requestedBy, sv: person.sv }, row.unitId);
  if (!viewer.permissions.has('receive')) throw new AppError('forbidden');
  return viewer;
}

async function finish(tenantId: string, row: ExportRow, outcome: { objectKey: string; size: number; sha256: string } | { errorKey: string }) {
  await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const ready = 'objectKey' in outcome;
    await tx.update(registerExports)
      .set(ready ? { state: 'ready', ...outcome, linesDone: row.linesTotal, finishedAt: new Date() } : { state: 'failed', errorKey: outcome.errorKey, finishedAt: new Date() })
      .where(and(eq(registerExports.tenantId, tenantId), eq(registerExports.id, row.id)));
    await tx.insert(notifications).values({
      tenantId, id: randomUUID(), userId: row.requestedBy, kind: ready ? 'export_ready' : 'export_failed', exportId: row.id, title: row.fileName,
    });
  });
}

/** The job: reads the register as its requester, writes the file, stores it and tells them. */
export async function runRegisterExport({ tenantId, exportId }: { tenantId: string; exportId: string }, helpers?: JobHelpers) {
  const [row] = await runInTenant({ tenantId, userId: null, system: true }, (tx) => tx.select().from(registerExports)
    .where(and(eq(registerExports.tenantId, tenantId), eq(registerExports.id, exportId))));
  if (!row || row.state === 'ready' || row.state === 'failed' || row.state === 'expired') return;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'saraban-export-'));
  try {
    const file = path.join(dir, `register.${row.format}`);
    const filters = { registerId: row.registerId, yearBe: row.yearBe, day: row.day ?? undefined, until: row.until ?? undefined, text: row.text ?? undefined, urgency: (row.urgency ?? undefined) as never };
    let options: { agencyName: string; thaiDigits: boolean; day?: string; until?: string; words?: string[] } | undefined;
    // One transaction per page, as the person; the progress is recorded with each.
    const read = (after: number | undefined) => runInTenant({ tenantId, userId: row.requestedBy }, async (tx) => {
      const viewer = await requester(tx, row);
      options ??= { agencyName: viewer.tenant.nameTh, thaiDigits: viewer.tenant.settings.thaiDigits, day: row.day ?? undefined, until: row.until ?? undefined, words: viewer.tenant.settings.words ?? [] };
      const listing = await listRegister(tx, viewer, { ...filters, cursor: after ?? null, limit: PAGE });
      await tx.update(registerExports).set({ state: 'running', linesDone: listing.next ?? listing.total })
        .where(and(eq(registerExports.tenantId, tenantId), eq(registerExports.id, row.id)));
      return listing;
    });
    const first = await read(undefined);
    const pages = registerPages(async (after) => (after === undefined ? first : read(after)));
    if (row.format === 'pdf') await writeRegisterPdf(pages, options!, file);
    else {
      const out = fileSink(file);
      await writeRegisterXlsx(pages, options!, out);
      await finished(out);
    }
    const stored = await storeFile(file, `tenants/${tenantId}/exports/${row.id}.${row.format}`, row.format);
    await finish(tenantId, row, stored);
  } catch (error) {
    // A refusal (the person disabled, a permission or the register gone) is final; anything else is tried again, and told after the last try.
    if (error instanceof AppError) await finish(tenantId, row, { errorKey: error.key });
    else if (!helpers || helpers.job.attempts >= helpers.job.max_attempts) {
      await finish(tenantId, row, { errorKey: 'internal' });
      throw error;
    } else throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The file into object storage (a multipart upload streamed from disk), with its size and SHA-256. */
export async function storeFile(file: string, objectKey: string, format: 'pdf' | 'xlsx') {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  const { size } = await stat(file);
  await new Upload({
    client: s3(),
    params: {
      Bucket: bucket(), Key: objectKey, Body: createReadStream(file),
      ContentType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
  }).done();
  return { objectKey, size, sha256: hash.digest('hex') };
}

/** Export files older than EXPORT_KEEP_DAYS are removed (their rows stay, marked expired). Returns how many. */
export async function expireOldExports(tenantId: string, now = new Date()) {
  const before = new Date(now.getTime() - EXPORT_KEEP_DAYS * 86_400_000);
  const old = await runInTenant({ tenantId, userId: null, system: true }, (tx) => tx.select({ id: registerExports.id, objectKey: registerExports.objectKey })
    .from(registerExports)
    .where(and(eq(registerExports.tenantId, tenantId), eq(registerExports.state, 'ready'), lt(registerExports.finishedAt, before)))
    .limit(1000));
  for (const e of old) {
    if (e.objectKey) await s3().send(new DeleteObjectCommand({ Bucket: bucket(), Key: e.objectKey }));
    await runInTenant({ tenantId, userId: null, system: true }, (tx) => tx.update(registerExports).set({ state: 'expired', objectKey: null })
      .where(and(eq(registerExports.tenantId, tenantId), eq(registerExports.id, e.id))));
  }
  return old.length;
}
