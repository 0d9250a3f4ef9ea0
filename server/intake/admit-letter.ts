import { randomUUID } from 'node:crypto';
import { letterFiles, letters, letterTexts, waitingLetters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import { enqueue } from '@/server/queue/enqueue';

export type AdmittedFile = {
  /** A stable id where a retry must find the same row (platform delivery); else a new one. */
  id?: string;
  objectKey: string; fileName: string; contentType: string; size: number; sha256: string;
  kind?: 'original' | 'email';
  /** Ciphertext of a classified letter's file: never read here (no OCR). */
  sealed?: boolean;
  /** Text that came with the file (a letter delivered on the platform): kept, and the file not read by OCR. */
  text?: string;
  /** Its text id when `text` is given (stable, like `id`). */
  textId?: string;
};

export type Admission = {
  letter: Omit<typeof letters.$inferInsert, 'tenantId'> & { id: string; unitId: string };
  files: readonly AdmittedFile[];
  actor: AuditActor;
  /** What the channel records about the letter's arrival, beside its channel and files. */
  audit: Record<string, unknown>;
  /**
   * `ignore`: a letter that is already here (the same e-mail or delivery again, by its
   * `external_ref` or id) is left as it is and nothing else is written; `fail`: it is an error.
   */
  onConflict: 'ignore' | 'fail';
};

/**
 * The one way a letter enters an agency, whatever its channel (paper, e-mail, another
 * agency on the platform): the letter, its place in the unit's waiting list, its files,
 * the reading of their text in the background (OCR) once this commits, and the
 * `letter.received` entry of the audit log, all in the caller's transaction. Returns
 * false when the letter was already here (onConflict `ignore`).
 */
export async function admitLetter(tx: TenantTx, tenantId: string, admission: Admission): Promise<boolean> {
  const { letter, files, actor, audit } = admission;
  const insert = tx.insert(letters).values({ tenantId, ...letter });
  const [row] = admission.onConflict === 'ignore'
    ? await insert.onConflictDoNothing().returning({ id: letters.id })
    : await insert.returning({ id: letters.id });
  if (!row) return false;
  await tx.insert(waitingLetters).values({ tenantId, letterId: letter.id, unitId: letter.unitId });
  const rows = files.map((f) => ({
    tenantId, id: f.id ?? randomUUID(), letterId: letter.id, kind: f.kind ?? 'original' as const, sealed: f.sealed ?? false,
    objectKey: f.objectKey, fileName: f.fileName, contentType: f.contentType, size: f.size, sha256: f.sha256,
  }));
  if (rows.length > 0) await tx.insert(letterFiles).values(rows);
  for (const [i, f] of files.entries()) {
    const fileId = rows[i]!.id;
    if (f.text !== undefined) {
      await tx.insert(letterTexts).values({ tenantId, id: f.textId ?? randomUUID(), letterId: letter.id, fileId, source: 'embedded', text: f.text });
    } else if ((f.kind ?? 'original') === 'original' && !f.sealed) {
      await enqueue(tx, 'letter.ocr', { letterId: letter.id, fileId }, { jobKey: `ocr:${fileId}`, maxAttempts: 5 });
    }
  }
  await recordAudit(tx, tenantId, {
    actor, action: 'letter.received', targetType: 'letter', targetId: letter.id,
    data: { channel: letter.channel, ...audit, files: files.map((f) => ({ name: f.fileName, sha256: f.sha256 })) },
  });
  return true;
}
