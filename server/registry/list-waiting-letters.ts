import { and, asc, eq, inArray } from 'drizzle-orm';
import { letterFiles, letters, waitingLetters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { urgencyOrder } from './register-incoming-letter';

/** The acting unit's letters waiting to be registered: most urgent first, then oldest first. */
export async function listWaitingLetters(tx: TenantTx, viewer: Viewer) {
  if (!viewer.actingUnitId) return [];
  const waiting = await tx.select({
    id: letters.id, channel: letters.channel, documentNumber: letters.documentNumber, letterDate: letters.letterDate,
    fromText: letters.fromText, toText: letters.toText, subject: letters.subject, urgency: letters.urgency,
    secrecy: letters.secrecy, receivedAt: letters.receivedAt,
  })
    .from(waitingLetters)
    .innerJoin(letters, and(eq(letters.tenantId, waitingLetters.tenantId), eq(letters.id, waitingLetters.letterId)))
    .where(and(eq(waitingLetters.tenantId, viewer.tenant.id), eq(waitingLetters.unitId, viewer.actingUnitId)))
    .orderBy(urgencyOrder, asc(waitingLetters.since))
    .limit(500);
  const files = waiting.length === 0 ? [] : await tx.select({ id: letterFiles.id, letterId: letterFiles.letterId, fileName: letterFiles.fileName })
    .from(letterFiles)
    .where(and(eq(letterFiles.tenantId, viewer.tenant.id), inArray(letterFiles.letterId, waiting.map((l) => l.id))))
    .orderBy(asc(letterFiles.createdAt));
  const byLetter = new Map<string, Array<{ id: string; fileName: string }>>();
  for (const f of files) byLetter.set(f.letterId, [...(byLetter.get(f.letterId) ?? []), { id: f.id, fileName: f.fileName }]);
  return waiting.map((l) => ({ ...l, files: byLetter.get(l.id) ?? [] }));
}
