import { randomUUID } from 'node:crypto';
import { letterFiles, letters, waitingLetters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { canOpenSecrecy } from '@/server/auth/permissions';
import { AppError } from '@/server/errors';
import { enqueue } from '@/server/queue/enqueue';
import { todayInBangkok } from '@/server/shared/letter-date';
import type { StoredFile } from '@/server/storage/store-upload';
import type { RecordPaperLetterInput } from './record-paper-letter.schema';

/**
 * A paper letter enters the agency: its details are recorded and it waits in the
 * acting unit's list to be registered. The time of entry is the server's.
 */
export async function recordPaperLetter(
  tx: TenantTx, viewer: Viewer, input: RecordPaperLetterInput,
  uploads: { letterId: string; files: StoredFile[] } | null = null,
) {
  // ลับที่สุด is not handled by the e-correspondence system (Official Secrets Regulation 2544).
  if (input.secrecy === 'top_secret') throw new AppError('top_secret_refused');
  if (!canOpenSecrecy(viewer.user, input.secrecy)) throw new AppError('clearance_required');
  if (input.letterDate > todayInBangkok()) throw new AppError('date_in_future');
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  const id = uploads?.letterId ?? randomUUID();
  await tx.insert(letters).values({
    tenantId: viewer.tenant.id, id, unitId: viewer.actingUnitId, channel: 'paper', createdBy: viewer.user.id, ...input,
  });
  await tx.insert(waitingLetters).values({ tenantId: viewer.tenant.id, letterId: id, unitId: viewer.actingUnitId });
  if (uploads && uploads.files.length > 0) {
    const files = uploads.files.map((f) => ({ tenantId: viewer.tenant.id, id: randomUUID(), letterId: id, ...f }));
    await tx.insert(letterFiles).values(files);
    // Their text is read (OCR) in the background once this commits, for search.
    for (const f of files) await enqueue(tx, 'letter.ocr', { letterId: id, fileId: f.id }, { jobKey: `ocr:${f.id}`, maxAttempts: 5 });
  }
  await recordAudit(tx, viewer.tenant.id, {
    actor: actorOf(viewer), action: 'letter.received', targetType: 'letter', targetId: id,
    data: { channel: 'paper', documentNumber: input.documentNumber, secrecy: input.secrecy, files: uploads?.files.map((f) => ({ name: f.fileName, sha256: f.sha256 })) ?? [] },
  });
  return { id };
}
