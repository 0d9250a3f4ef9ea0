import { and, asc, eq, sql } from 'drizzle-orm';
import { letters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';

/** The acting unit's letters waiting to be registered: most urgent first, then oldest first. */
export async function listWaitingLetters(tx: TenantTx, viewer: Viewer) {
  if (!viewer.actingUnitId) return [];
  return tx.select({
    id: letters.id, channel: letters.channel, documentNumber: letters.documentNumber, letterDate: letters.letterDate,
    fromText: letters.fromText, toText: letters.toText, subject: letters.subject, urgency: letters.urgency,
    secrecy: letters.secrecy, receivedAt: letters.receivedAt,
  })
    .from(letters)
    .where(and(eq(letters.tenantId, viewer.tenant.id), eq(letters.unitId, viewer.actingUnitId), eq(letters.status, 'waiting')))
    .orderBy(sql`case ${letters.urgency} when 'most_urgent' then 0 when 'very_urgent' then 1 when 'urgent' then 2 else 3 end`, asc(letters.receivedAt))
    .limit(500);
}
