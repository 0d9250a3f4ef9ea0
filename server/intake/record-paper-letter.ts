import { randomUUID } from 'node:crypto';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import type { Viewer } from '@/server/auth/load-viewer';
import { canOpenSecrecy } from '@/server/auth/permissions';
import { myCurrentKeyId } from '@/server/classified/keys';
import { requireRecoveryKey, storeLetterKeys } from '@/server/classified/letter-keys';
import { AppError } from '@/core/errors';
import { isUniqueViolation } from '@/server/shared/db-errors';
import { todayInBangkok } from '@/server/shared/letter-date';
import type { StoredFile } from '@/server/storage/store-upload';
import { admitLetter } from './admit-letter';
import type { RecordPaperLetterInput, RecordSealedPaperLetterInput } from './record-paper-letter.schema';

/**
 * A paper letter enters the agency: its details are recorded and it waits in the
 * acting unit's list to be registered, with its scans (admitLetter). The time of entry is the server's.
 */
export async function recordPaperLetter(
  tx: TenantTx, viewer: Viewer, input: RecordPaperLetterInput,
  uploads: { letterId: string; files: StoredFile[] } | null = null,
) {
  // ลับที่สุด is not handled by the e-correspondence system (Official Secrets Regulation 2544).
  if (input.secrecy === 'top_secret') throw new AppError('top_secret_refused');
  if (!canOpenSecrecy(viewer.user, input.secrecy)) throw new AppError('clearance_required');
  // A classified letter's subject and scans never reach the server in the clear.
  if (input.secrecy !== 'normal') throw new AppError('classified_sealed_required');
  if (input.letterDate > todayInBangkok()) throw new AppError('date_in_future');
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  const id = uploads?.letterId ?? randomUUID();
  await admitLetter(tx, viewer.tenant.id, {
    letter: { id, unitId: viewer.actingUnitId, channel: 'paper', createdBy: viewer.user.id, ...input },
    files: uploads?.files ?? [], actor: actorOf(viewer), audit: { documentNumber: input.documentNumber, secrecy: input.secrecy }, onConflict: 'fail',
  });
  return { id };
}

/**
 * A classified paper letter enters the agency sealed (docs/classified.md): the recorder must
 * be appointed and cleared to its level, the agency must have its recovery key, and the
 * content key must come wrapped for both; every file must be sealed. The server keeps the
 * ciphertext and wrapped keys and never sees the subject, remarks or scans.
 */
export async function recordSealedPaperLetter(
  tx: TenantTx, viewer: Viewer, input: RecordSealedPaperLetterInput, uploads: { files: StoredFile[] } | null = null,
) {
  if (!canOpenSecrecy(viewer.user, input.secrecy)) throw new AppError('clearance_required');
  if (input.letterDate > todayInBangkok()) throw new AppError('date_in_future');
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  const files = uploads?.files ?? [];
  if (files.some((f) => !f.sealedFileId)) throw new AppError('classified_sealed_required');
  const tenantId = viewer.tenant.id;
  const [recovery, myKeyId] = await Promise.all([requireRecoveryKey(tx, tenantId), myCurrentKeyId(tx, viewer)]);
  const { keys, sealedDetails, letterId, ...details } = input;
  try {
    await admitLetter(tx, tenantId, {
      letter: { id: letterId, unitId: viewer.actingUnitId, channel: 'paper', createdBy: viewer.user.id, ...details, subject: '', remarks: '', sealedDetails },
      files: files.map(({ sealedFileId, ...f }) => ({ ...f, id: sealedFileId, sealed: true })),
      actor: actorOf(viewer), audit: { documentNumber: input.documentNumber, secrecy: input.secrecy }, onConflict: 'fail',
    });
  } catch (error) {
    // The ids were chosen in the browser: one already taken is bad input, not a fault.
    if (isUniqueViolation(error, 'letters_tenant_id_id_pk') || isUniqueViolation(error, 'letter_files_tenant_id_id_pk')) throw new AppError('invalid_input');
    throw error;
  }
  // At its intake the key goes to the recorder and the recovery key only; others get it when it is routed to them.
  await storeLetterKeys(tx, viewer, { id: letterId, secrecy: input.secrecy }, keys, [myKeyId, recovery.id], [viewer.user.id]);
  return { id: letterId };
}
