import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import busboy from 'busboy';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { JobHelpers } from 'graphile-worker';
import { z } from 'zod';
import { archiveImportProblems, archiveImports, units } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { env } from '@/core/env';
import { AppError } from '@/core/errors';
import { actorOf, systemActor } from '@/server/audit/actor';
import { recordAudit, recordAudits } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { enqueue } from '@/server/queue/enqueue';
import { ensureRegister } from '@/server/registry/ensure-register';
import { bucket, s3 } from '@/server/storage/s3';
import { removeStored, storeUpload, type StoredFile } from '@/server/storage/store-upload';
import { headerOf, indexZip, MAX_IMPORT_ROWS, openEntry, sheetRows, type ZipIndex } from './import-files';
import { DRAFT_LIMITS, draftContent } from '@/core/draft-content';
import { duplicateNumbers, importFields, mappingProblem, parseImportRow, type ImportMapping, type ImportRow, type RowProblem } from './import-rows';

/**
 * Bringing in an agency's existing archive (seed 2.3, letters brought in afterwards): its admin
 * uploads the receive register its previous system exported (CSV or XLSX) and a ZIP of the
 * letters' files, maps the register's columns on screen, and a background job (archive.import)
 * enters each line as a letter with its original number, dates and register line, marked as
 * imported (channel 'import'; no number of the current sequences is taken), its files checked like
 * any upload and read by OCR. A line already imported is not imported again; a line that cannot
 * be taken is listed with its reason and leaves nothing behind.
 */

const MB = 1024 * 1024;
/** Lines entered per transaction (their files stored first). */
const BATCH = 100;
/** Files stored at once. */
export const FILES_AT_ONCE = 16;

const adminOnly = (viewer: Viewer) => {
  if (!viewer.permissions.has('admin')) throw new AppError('forbidden');
};

/* ---------------------------------- UPLOAD ----------------------------------- */

/** A part of the upload written to a temporary file, at most `maxBytes` (more is refused, read to its end). */
async function saveBounded(stream: Readable, file: string, maxBytes: number) {
  let size = 0;
  let over = false;
  const out = createWriteStream(file);
  await pipeline(stream, async function* bound(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) over = true;
      if (!over) yield chunk;
    }
  }, out);
  if (over) throw new AppError('file_too_large');
  return size;
}

async function firstBytes(file: string, n: number) {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buffer, 0, n, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const isZip = (head: Buffer) => head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;

async function putFile(file: string, key: string, contentType: string) {
  await new Upload({ client: s3(), params: { Bucket: bucket(), Key: key, Body: createReadStream(file), ContentType: contentType } }).done();
}

/**
 * POST /api/imports (multipart): `unitId`, `register` (the register file, CSV or XLSX, at most
 * MAX_UPLOAD_MB) and `files` (a ZIP, at most MAX_IMPORT_MB). Both are checked by their first bytes
 * and kept in the store; the register's header row is read for mapping. Only an admin may.
 */
export async function receiveArchiveUpload(req: Request, who: { tenantId: string; userId: string; name: string }) {
  if (!req.body || !(req.headers.get('content-type') ?? '').startsWith('multipart/form-data')) throw new AppError('invalid_input');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'saraban-import-'));
  const id = randomUUID();
  const prefix = `tenants/${who.tenantId}/imports/${id}`;
  try {
    const fields: Record<string, string> = {};
    const parts: Record<string, { file: string; name: string; size: number }> = {};
    let problem: unknown = null;
    let chain = Promise.resolve();
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({ headers: Object.fromEntries(req.headers), defParamCharset: 'utf8', limits: { files: 2, fields: 3, fieldSize: 1024 } });
      parser.on('field', (name, value) => { if (name === 'unitId' || name === 'registerKind') fields[name] = value; });
      parser.on('file', (name, stream, info) => {
        chain = chain.then(async () => {
          if (problem || (name !== 'register' && name !== 'files') || parts[name]) return void stream.resume();
          try {
            const file = path.join(dir, name);
            const size = await saveBounded(stream, file, (name === 'register' ? env().MAX_UPLOAD_MB : env().MAX_IMPORT_MB) * MB);
            parts[name] = { file, name: (info.filename || name).slice(0, 255), size };
          } catch (error) {
            problem = error instanceof AppError ? error.about((info.filename || '').slice(0, 255)) : error;
            stream.resume();
          }
        });
      });
      parser.on('close', () => void chain.then(resolve));
      parser.on('error', reject);
      Readable.fromWeb(req.body as unknown as WebReadableStream).pipe(parser);
    });
    if (problem) throw problem;
    const register = parts.register;
    if (!register) throw new AppError('import_register_missing');
    const extension = register.name.toLowerCase().split('.').pop();
    const head = await firstBytes(register.file, 8);
    const format = extension === 'xlsx' && isZip(head) ? 'xlsx' : extension === 'csv' && !isZip(head) ? 'csv' : null;
    if (!format) throw new AppError('import_register_format').about(register.name);
    if (parts.files && (!parts.files.name.toLowerCase().endsWith('.zip') || !isZip(await firstBytes(parts.files.file, 4)))) {
      throw new AppError('import_zip_unreadable').about(parts.files.name);
    }
    const columns = await headerOf(register.file, format);
    if (columns.length === 0 || columns.length > 100) throw new AppError('import_sheet_unreadable').about(register.name);
    const unitId = z.uuid().safeParse(fields.unitId).success ? fields.unitId! : null;
    await putFile(register.file, `${prefix}/register.${format}`, format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    if (parts.files) await putFile(parts.files.file, `${prefix}/files.zip`, 'application/zip');
    await runInTenant({ tenantId: who.tenantId, userId: who.userId }, async (tx) => {
      const [unit] = await tx.select({ id: units.id }).from(units)
        .where(and(eq(units.tenantId, who.tenantId), unitId ? eq(units.id, unitId) : sql`${units.parentId} is null`));
      if (!unit) throw new AppError('unit_invalid');
      await tx.insert(archiveImports).values({
        tenantId: who.tenantId, id, createdBy: who.userId, createdByName: who.name, unitId: unit.id, registerKind: fields.registerKind === 'send' ? 'send' : 'receive',
        sheetName: register.name, sheetKey: `${prefix}/register.${format}`, sheetFormat: format,
        zipName: parts.files?.name ?? null, zipKey: parts.files ? `${prefix}/files.zip` : null, columns,
      });
    });
    return { id, columns };
  } catch (error) {
    await removeStored([`${prefix}/register.csv`, `${prefix}/register.xlsx`, `${prefix}/files.zip`]);
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/* -------------------------------- PROCEDURES --------------------------------- */

export const importIdInput = z.object({ importId: z.uuid() });

export async function listImports(tx: TenantTx, viewer: Viewer) {
  adminOnly(viewer);
  return tx.select().from(archiveImports).where(eq(archiveImports.tenantId, viewer.tenant.id)).orderBy(desc(archiveImports.createdAt)).limit(20);
}

export const importProblemsInput = importIdInput.extend({ after: z.number().int().min(0).default(0) });

/** An import with a page of its refused lines (by row number). */
export async function getImport(tx: TenantTx, viewer: Viewer, input: z.infer<typeof importProblemsInput>) {
  adminOnly(viewer);
  const [found] = await tx.select().from(archiveImports).where(and(eq(archiveImports.tenantId, viewer.tenant.id), eq(archiveImports.id, input.importId)));
  if (!found) throw new AppError('not_found');
  const problems = await tx.select().from(archiveImportProblems)
    .where(and(eq(archiveImportProblems.tenantId, viewer.tenant.id), eq(archiveImportProblems.importId, input.importId), gt(archiveImportProblems.rowNumber, input.after)))
    .orderBy(asc(archiveImportProblems.rowNumber)).limit(101);
  return { import: found, problems: problems.slice(0, 100), next: problems.length > 100 ? problems[99]!.rowNumber : null };
}

export const startImportInput = importIdInput.extend({
  mapping: z.object(Object.fromEntries(importFields.map((f) => [f, z.number().int().min(0).max(99).nullable().default(null)])) as Record<(typeof importFields)[number], z.ZodDefault<z.ZodNullable<z.ZodNumber>>>),
});

/** The columns mapped, the import starts in the background (again, after one has ended: what was taken is not taken twice). */
export async function startImport(tx: TenantTx, viewer: Viewer, input: z.infer<typeof startImportInput>) {
  adminOnly(viewer);
  const [found] = await tx.select().from(archiveImports).where(and(eq(archiveImports.tenantId, viewer.tenant.id), eq(archiveImports.id, input.importId))).for('update');
  if (!found) throw new AppError('not_found');
  if (found.state === 'queued' || found.state === 'running') throw new AppError('import_running');
  const problem = mappingProblem(input.mapping, found.columns.length);
  if (problem) throw new AppError(problem as 'import_mapping_invalid');
  await tx.update(archiveImports).set({ mapping: input.mapping, state: 'queued', errorKey: null, errorDetail: null, rowsDone: 0, finishedAt: null })
    .where(and(eq(archiveImports.tenantId, viewer.tenant.id), eq(archiveImports.id, found.id)));
  await enqueue(tx, 'archive.import', { importId: found.id }, { jobKey: `archive-import:${found.id}`, maxAttempts: 3 });
  await recordAudit(tx, viewer.tenant.id, { actor: actorOf(viewer), action: 'keeping.import_started', targetType: 'tenant', targetId: viewer.tenant.id, data: { importId: found.id, sheet: found.sheetName, zip: found.zipName } });
}

/* ------------------------------------ JOB ------------------------------------ */

type ImportRecord = typeof archiveImports.$inferSelect;

async function download(key: string, file: string) {
  const object = await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
  await pipeline(object.Body as Readable, createWriteStream(file));
}

async function update(tenantId: string, id: string, values: Partial<ImportRecord>) {
  await runInTenant({ tenantId, userId: null, system: true }, (tx) => tx.update(archiveImports).set(values)
    .where(and(eq(archiveImports.tenantId, tenantId), eq(archiveImports.id, id))));
}

/** Every line of the register read and checked, before anything is entered: the lines to take, and the refused ones with why. */
async function readLines(file: string, format: 'csv' | 'xlsx', mapping: ImportMapping, zip: ZipIndex | null, subjectMax: number | null) {
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  let n = 0;
  for await (const cells of sheetRows(file, format)) {
    n += 1;
    if (n === 1) continue;
    if (n - 1 > MAX_IMPORT_ROWS) throw new AppError('import_too_many_rows');
    if (cells.every((c) => c === '')) continue;
    const parsed = parseImportRow(cells, n, mapping);
    if ('reason' in parsed) { problems.push(parsed); continue; }
    // An outgoing letter's subject is at most what a draft's may be.
    if (subjectMax && parsed.subject.length > subjectMax) { problems.push({ row: n, reason: 'import_field_too_long', detail: 'subject' }); continue; }
    const missing = parsed.files.find((f) => !zip?.entries.has(f));
    if (missing) { problems.push({ row: n, reason: 'import_file_missing', detail: missing }); continue; }
    rows.push(parsed);
  }
  const duplicates = duplicateNumbers(rows);
  return {
    rows: rows.filter((r) => !duplicates.has(r.row)),
    problems: [...problems, ...rows.filter((r) => duplicates.has(r.row)).map((r) => ({ row: r.row, reason: 'import_number_duplicate', detail: String(r.number) }))],
  };
}

const sourceOf = (registerId: string, r: ImportRow) => `import:${registerId}:${r.registeredOn.slice(0, 4)}:${r.number}`;

/** A line's files from the ZIP into the store, each checked by content like an upload; all or none. */
async function storeFiles(tenantId: string, letterId: string, r: ImportRow, zip: ZipIndex, folder: 'letters' | 'outgoing'): Promise<StoredFile[] | RowProblem> {
  const stored: StoredFile[] = [];
  for (const name of r.files) {
    const entry = zip.entries.get(name)!;
    const stream = await openEntry(zip, entry);
    try {
      stored.push(await storeUpload({ key: `tenants/${tenantId}/${folder}/${letterId}/${randomUUID()}`, fileName: path.basename(name).slice(0, 255), body: stream, maxBytes: env().MAX_UPLOAD_MB * MB }));
    } catch (error) {
      await removeStored(stored.map((f) => f.objectKey));
      if (error instanceof AppError) return { row: r.row, reason: error.key, detail: name };
      // A file whose bytes are not what the ZIP's directory says (cut, or longer than declared) is the line's problem.
      if (/too many bytes|not enough bytes|invalid|crc/i.test((error as Error).message ?? '')) return { row: r.row, reason: 'import_zip_unreadable', detail: name };
      throw error;
    }
  }
  return stored;
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/**
 * The job archive.import: the register and the ZIP are read and checked whole first (a file-level
 * problem refuses everything, nothing entered); then lines are entered a batch at a time, each
 * batch's files stored and checked first and its letters, files and register lines written in one
 * transaction with the import's progress, so a job stopped half-way goes on where it stopped and
 * a line already entered (its source is its register, year and number) is not entered twice.
 */
export async function runArchiveImport({ tenantId, importId }: { tenantId: string; importId: string }, helpers?: JobHelpers) {
  const system = { tenantId, userId: null, system: true } as const;
  const [job] = await runInTenant(system, (tx) => tx.select().from(archiveImports).where(and(eq(archiveImports.tenantId, tenantId), eq(archiveImports.id, importId))));
  if (!job || !job.mapping || (job.state !== 'queued' && job.state !== 'running')) return;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'saraban-import-'));
  let zipIndex: ZipIndex | null = null;
  try {
    await update(tenantId, importId, { state: 'running' });
    const sheet = path.join(dir, `register.${job.sheetFormat}`);
    await download(job.sheetKey, sheet);
    let zip: ZipIndex | null = null;
    if (job.zipKey) {
      const zipFile = path.join(dir, 'files.zip');
      await download(job.zipKey, zipFile);
      const max = env().MAX_UPLOAD_MB * MB;
      zip = zipIndex = await indexZip(zipFile, { maxEntryBytes: max, maxTotalBytes: Math.max(4 * (await stat(zipFile)).size, 64 * MB), maxRatio: 100, maxEntries: MAX_IMPORT_ROWS * 20 });
    }
    const { rows, problems } = await readLines(sheet, job.sheetFormat, job.mapping, zip, job.registerKind === 'send' ? DRAFT_LIMITS.subject : null);
    await runInTenant(system, async (tx) => {
      await tx.delete(archiveImportProblems).where(and(eq(archiveImportProblems.tenantId, tenantId), eq(archiveImportProblems.importId, importId)));
      for (let i = 0; i < problems.length; i += 1000) {
        await tx.insert(archiveImportProblems).values(problems.slice(i, i + 1000).map((p) => ({ tenantId, importId, rowNumber: p.row, reason: p.reason, detail: p.detail?.slice(0, 300) ?? null })));
      }
      await tx.update(archiveImports).set({ rowsTotal: rows.length + problems.length, rowsRefused: problems.length, rowsImported: 0, rowsAlready: 0 })
        .where(and(eq(archiveImports.tenantId, tenantId), eq(archiveImports.id, importId)));
    });
    const register = await runInTenant(system, (tx) => ensureRegister(tx, tenantId, job.unitId, job.registerKind, false));
    const send = job.registerKind === 'send';
    // A batch's files are stored while the batch before it is written (the store and the database at work together).
    const prepare = async (batch: ImportRow[]) => {
      // Lines entered before (this import run again, or another import of the same register): not again.
      const known = await runInTenant(system, async (tx) => {
        const refs = batch.map((r) => sourceOf(register.id, r));
        const found = await tx.execute<{ external_ref: string }>(sql`select external_ref from ${sql.raw(send ? 'outgoing_letters' : 'letters')}
          where tenant_id = ${tenantId} and external_ref in (${sql.join(refs.map((r) => sql`${r}`), sql`, `)})`) as unknown as { external_ref: string }[];
        const taken = await tx.execute<{ year: number; number: number }>(sql`select year, number from ${sql.raw(send ? 'send_register_entries' : 'register_entries')}
          where tenant_id = ${tenantId} and register_id = ${register.id} ${send ? sql`` : sql`and cancelled_at is null`}
            and (year, number) in (${sql.join(batch.map((r) => sql`(${Number(r.registeredOn.slice(0, 4))}::int, ${r.number}::int)`), sql`, `)})`) as unknown as { year: number; number: number }[];
        return { refs: new Set(found.map((f) => f.external_ref)), lines: new Set(taken.map((t) => `${t.year}:${t.number}`)) };
      });
      const isKnown = (r: ImportRow) => known.refs.has(sourceOf(register.id, r));
      const isTaken = (r: ImportRow) => known.lines.has(`${r.registeredOn.slice(0, 4)}:${r.number}`);
      const refused: RowProblem[] = batch.filter((r) => !isKnown(r) && isTaken(r)).map((r) => ({ row: r.row, reason: 'import_number_taken', detail: String(r.number) }));
      const entered: Array<{ r: ImportRow; letterId: string; files: StoredFile[] }> = [];
      await eachLimited(batch.filter((r) => !isKnown(r) && !isTaken(r)), FILES_AT_ONCE, async (r) => {
        const letterId = randomUUID();
        const files = zip && r.files.length > 0 ? await storeFiles(tenantId, letterId, r, zip, send ? 'outgoing' : 'letters') : [];
        if ('reason' in files) refused.push(files);
        else entered.push({ r, letterId, files });
      });
      return { size: batch.length, already: batch.filter(isKnown).length, refused, entered };
    };
    const storedOf = (p: Awaited<ReturnType<typeof prepare>>) => p.entered.flatMap((e) => e.files.map((f) => f.objectKey));
    let done = problems.length;
    let next = rows.length > 0 ? prepare(rows.slice(0, BATCH)) : null;
    for (let i = 0; next; i += BATCH) {
      const prepared = await next;
      next = i + BATCH < rows.length ? prepare(rows.slice(i + BATCH, i + 2 * BATCH)) : null;
      try {
        await runInTenant(system, async (tx) => (send ? enterSendBatch : enterBatch)(tx, tenantId, job, register.id, prepared.entered, prepared.refused, prepared.already));
      } catch (error) {
        await removeStored(storedOf(prepared));
        const following = await next?.catch(() => null);
        if (following) await removeStored(storedOf(following));
        throw error;
      }
      done += prepared.size;
      await update(tenantId, importId, { rowsDone: done });
      if (helpers) helpers.logger.debug(`archive import ${importId}: ${done} lines`);
    }
    await update(tenantId, importId, { state: 'done', rowsDone: done, finishedAt: new Date() });
  } catch (error) {
    if (error instanceof AppError) {
      await update(tenantId, importId, { state: 'failed', errorKey: error.key, errorDetail: error.params?.file ?? null, finishedAt: new Date() });
      return;
    }
    // The database's own words (never a row's values) for the operator; the admin sees that it failed.
    console.error(`[jobs] archive import ${importId} failed: ${((error as { cause?: Error }).cause ?? (error as Error)).message}`);
    if (!helpers || helpers.job.attempts >= helpers.job.max_attempts) await update(tenantId, importId, { state: 'failed', errorKey: 'internal', finishedAt: new Date() });
    throw error;
  } finally {
    zipIndex?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** One batch's letters, files, register lines and refusals in one transaction; the register's count follows the highest line. */
async function enterBatch(tx: TenantTx, tenantId: string, job: ImportRecord, registerId: string,
  entered: Array<{ r: ImportRow; letterId: string; files: StoredFile[] }>, refused: RowProblem[], already: number) {
  if (entered.length > 0) {
    const at = morningOf;
    await tx.execute(sql`insert into letters (tenant_id, id, unit_id, channel, document_number, letter_date, from_text, to_text, subject, remarks, received_at, created_by, external_ref)
      values ${sql.join(entered.map(({ r, letterId }) => sql`(${tenantId}, ${letterId}, ${job.unitId}, 'import', ${r.documentNumber}, ${r.letterDate}::date, ${r.fromText}, ${r.toText},
        ${r.subject}, ${r.remarks}, ${at(r.registeredOn)}::timestamptz, ${job.createdBy}, ${sourceOf(registerId, r)})`), sql`, `)}`);
    const files = entered.flatMap(({ letterId, files: fs }) => fs.map((f) => ({ letterId, f, fileId: randomUUID() })));
    if (files.length > 0) {
      await tx.execute(sql`insert into letter_files (tenant_id, id, letter_id, kind, object_key, file_name, content_type, size, sha256)
        values ${sql.join(files.map(({ letterId, f, fileId }) => sql`(${tenantId}, ${fileId}, ${letterId}, 'original', ${f.objectKey}, ${f.fileName}, ${f.contentType}, ${f.size}::bigint, ${f.sha256})`), sql`, `)}`);
      // Each file read by OCR like any scan: the batch's jobs queued in one statement.
      await tx.$client`select app_enqueue('letter.ocr', jsonb_build_object('letterId', x.l, 'fileId', x.f), 'ocr:' || x.f, null, 5)
        from unnest(${files.map((f) => f.letterId)}::uuid[], ${files.map((f) => f.fileId)}::uuid[]) as x(l, f)`;
    }
    await tx.execute(sql`insert into register_entries (tenant_id, register_id, year, number, letter_id, registered_at, registered_by, registered_by_name)
      values ${sql.join(entered.map(({ r, letterId }) => sql`(${tenantId}, ${registerId}, ${Number(r.registeredOn.slice(0, 4))}::int, ${r.number}::int, ${letterId},
        ${at(r.registeredOn)}::timestamptz, ${job.createdBy}, ${`${job.createdByName} (นำเข้าจากระบบเดิม)`})`), sql`, `)}`);
    await advanceCounters(tx, tenantId, registerId, entered.map((e) => e.r));
    await recordAudits(tx, tenantId, entered.map(({ r, letterId }) => ({
      actor: systemActor('นำเข้าจากระบบเดิม'), action: 'letter.imported' as const, targetType: 'letter' as const, targetId: letterId,
      data: { importId: job.id, row: r.row, number: r.number, year: Number(r.registeredOn.slice(0, 4)) + 543, files: r.files.length },
    })));
  }
  await recordProgress(tx, tenantId, job.id, entered.length, refused, already);
}

/** A batch's refused lines and the import's counts, in the batch's transaction. */
async function recordProgress(tx: TenantTx, tenantId: string, importId: string, entered: number, refused: RowProblem[], already: number) {
  if (refused.length > 0) {
    await tx.insert(archiveImportProblems).values(refused.map((p) => ({ tenantId, importId, rowNumber: p.row, reason: p.reason, detail: p.detail?.slice(0, 300) ?? null })))
      .onConflictDoNothing();
  }
  await tx.update(archiveImports).set({
    rowsImported: sql`${archiveImports.rowsImported} + ${entered}`, rowsAlready: sql`${archiveImports.rowsAlready} + ${already}`,
    rowsRefused: sql`${archiveImports.rowsRefused} + ${refused.length}`,
  }).where(and(eq(archiveImports.tenantId, tenantId), eq(archiveImports.id, importId)));
}

/** The morning of the day the register gives (Bangkok), when the line was written. */
const morningOf = (iso: string) => `${iso}T10:00:00+07:00`;

/** The register's count of each year goes on after the highest imported line (no live number is ever taken twice). */
async function advanceCounters(tx: TenantTx, tenantId: string, registerId: string, rows: ImportRow[]) {
  await tx.execute(sql`insert into register_counters (tenant_id, register_id, year, last_number)
    select ${tenantId}, ${registerId}, y, max(n) from (values ${sql.join(rows.map((r) => sql`(${Number(r.registeredOn.slice(0, 4))}::int, ${r.number}::int)`), sql`, `)}) v(y, n) group by y
    on conflict (tenant_id, register_id, year) do update set last_number = greatest(register_counters.last_number, excluded.last_number)`);
}

/**
 * A send register's batch: each line an outgoing letter signed on paper outside the system (state
 * `paper`, its scans as its signed files, the line's "to" as its addressee), with its line in the
 * send register; the letter is of record from that line (keeping, search), like a reserved number's.
 */
async function enterSendBatch(tx: TenantTx, tenantId: string, job: ImportRecord, registerId: string,
  entered: Array<{ r: ImportRow; letterId: string; files: StoredFile[] }>, refused: RowProblem[], already: number) {
  if (entered.length > 0) {
    const by = `${job.createdByName} (นำเข้าจากระบบเดิม)`;
    await advanceCounters(tx, tenantId, registerId, entered.map((e) => e.r));
    await tx.execute(sql`insert into outgoing_letters (tenant_id, id, unit_id, kind, subject, state, version, created_by, created_by_name, created_at, updated_at,
        document_number, register_id, number_year, number, letter_date, signer_name, sent_by_name, external_ref)
      values ${sql.join(entered.map(({ r, letterId }) => sql`(${tenantId}, ${letterId}, ${job.unitId}, 'external', ${r.subject}, 'paper', 1, ${job.createdBy}, ${by},
        ${morningOf(r.registeredOn)}::timestamptz, ${morningOf(r.registeredOn)}::timestamptz, ${r.documentNumber}, ${registerId}, ${Number(r.registeredOn.slice(0, 4))}::int,
        ${r.number}::int, ${r.letterDate}, '', ${by}, ${sourceOf(registerId, r)})`), sql`, `)}`);
    await tx.execute(sql`insert into outgoing_versions (tenant_id, letter_id, version, content, note, created_by, created_by_name)
      values ${sql.join(entered.map(({ r, letterId }) => sql`(${tenantId}, ${letterId}, 1,
        ${JSON.stringify(draftContent.parse({ subject: r.subject, addressee: r.toText.slice(0, 300), salutation: '' }))}::jsonb, 'นำเข้าจากระบบเดิม', ${job.createdBy}, ${by})`), sql`, `)}`);
    // Signed and sent on the day of its line, once its text is written (a signed letter's versions never change).
    await tx.execute(sql`update outgoing_letters set signed_at = created_at, sent_at = created_at
      where tenant_id = ${tenantId} and id in (${sql.join(entered.map((e) => sql`${e.letterId}::uuid`), sql`, `)})`);
    const files = entered.flatMap(({ letterId, files: fs }) => fs.map((f) => ({ letterId, f })));
    if (files.length > 0) {
      await tx.execute(sql`insert into outgoing_files (tenant_id, id, letter_id, kind, object_key, file_name, content_type, size, sha256)
        values ${sql.join(files.map(({ letterId, f }) => sql`(${tenantId}, ${randomUUID()}, ${letterId}, 'signed', ${f.objectKey}, ${f.fileName}, ${f.contentType}, ${f.size}::bigint, ${f.sha256})`), sql`, `)}`);
    }
    await tx.execute(sql`insert into send_register_entries (tenant_id, register_id, year, number, outgoing_letter_id, registered_at, registered_by_name)
      values ${sql.join(entered.map(({ r, letterId }) => sql`(${tenantId}, ${registerId}, ${Number(r.registeredOn.slice(0, 4))}::int, ${r.number}::int, ${letterId},
        ${morningOf(r.registeredOn)}::timestamptz, ${by})`), sql`, `)}`);
    await recordAudits(tx, tenantId, entered.map(({ r, letterId }) => ({
      actor: systemActor('นำเข้าจากระบบเดิม'), action: 'letter.imported' as const, targetType: 'outgoing' as const, targetId: letterId,
      data: { importId: job.id, row: r.row, number: r.number, year: Number(r.registeredOn.slice(0, 4)) + 543, files: r.files.length },
    })));
  }
  await recordProgress(tx, tenantId, job.id, entered.length, refused, already);
}
