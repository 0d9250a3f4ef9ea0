import { randomUUID } from 'node:crypto';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import type { Viewer } from '@/server/auth/load-viewer';
import { canOpenSecrecy } from '@/server/auth/permissions';
import { AppError } from '@/core/errors';
import { todayInBangkok } from '@/server/shared/letter-date';
import type { StoredFile } from '@/server/storage/store-upload';
import { admitLetter } from './admit-letter';
import type { RecordPaperLetterInput } from './record-paper-letter.schema';

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
  if (input.letterDate > todayInBangkok()) throw new AppError('date_in_future');
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  const id = uploads?.letterId ?? randomUUID();
  await admitLetter(tx, viewer.tenant.id, {
    letter: { id, unitId: viewer.actingUnitId, channel: 'paper', createdBy: viewer.user.id, ...input },
    files: uploads?.files ?? [], actor: actorOf(viewer), audit: { documentNumber: input.documentNumber, secrecy: input.secrecy }, onConflict: 'fail',
  });
  return { id };
}
