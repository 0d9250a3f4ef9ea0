import { and, asc, desc, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { deliveries, outgoingLetters, reviewSteps } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { rootUnit } from '@/server/units/find-unit';

const SENT_SHOWN = 100;

/**
 * The outgoing page: my drafts (of the unit I act for: a person in two units sees each unit's
 * under it), letters waiting for my review or signature, signed ones to send, and what was sent.
 */
export async function listOutgoing(tx: TenantTx, viewer: Viewer) {
  const tenantId = viewer.tenant.id;
  const unit = viewer.actingUnitId;
  const columns = {
    id: outgoingLetters.id, kind: outgoingLetters.kind, subject: outgoingLetters.subject, urgency: outgoingLetters.urgency,
    secrecy: outgoingLetters.secrecy, state: outgoingLetters.state, documentNumber: outgoingLetters.documentNumber,
    createdByName: outgoingLetters.createdByName, updatedAt: outgoingLetters.updatedAt, signedAt: outgoingLetters.signedAt, sentAt: outgoingLetters.sentAt,
  };
  const mine = tx.select(columns).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.createdBy, viewer.user.id), inArray(outgoingLetters.state, ['draft', 'returned', 'in_review', 'rejected']),
      unit ? eq(outgoingLetters.unitId, unit) : undefined))
    .orderBy(desc(outgoingLetters.updatedAt)).limit(200);
  const toAct = tx.select({ ...columns, action: reviewSteps.action }).from(reviewSteps)
    .innerJoin(outgoingLetters, and(eq(outgoingLetters.tenantId, reviewSteps.tenantId), eq(outgoingLetters.id, reviewSteps.letterId)))
    .where(and(eq(reviewSteps.tenantId, tenantId), eq(reviewSteps.userId, viewer.user.id), eq(reviewSteps.state, 'current')))
    .orderBy(asc(outgoingLetters.updatedAt));
  // The central registry (the agency's own unit) sends for every unit; a unit's officers for theirs.
  const central = unit ? unit === await rootUnit(tx, tenantId) : false;
  const toSend = viewer.permissions.has('send') && unit
    ? tx.select(columns).from(outgoingLetters).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.state, 'signed'), isNull(outgoingLetters.supersededBy),
      central ? undefined : or(eq(outgoingLetters.unitId, unit), eq(outgoingLetters.createdBy, viewer.user.id)))).orderBy(asc(outgoingLetters.signedAt))
    : Promise.resolve([]);
  // What was sent, newest first: drafted by me, sent by me, or my unit's; each through its own index.
  const sentBy = (who: SQL) => tx.select(columns).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.state, 'sent'), who))
    .orderBy(desc(outgoingLetters.sentAt)).limit(SENT_SHOWN);
  const sent = (async () => {
    const lists = [await sentBy(eq(outgoingLetters.createdBy, viewer.user.id)), await sentBy(eq(outgoingLetters.sentBy, viewer.user.id)),
      unit ? await sentBy(eq(outgoingLetters.unitId, unit)) : []];
    const byId = new Map(lists.flat().map((l) => [l.id, l]));
    return [...byId.values()].sort((x, y) => (y.sentAt?.getTime() ?? 0) - (x.sentAt?.getTime() ?? 0)).slice(0, SENT_SHOWN);
  })();
  // Numbers reserved for letters signed on paper, waiting for their scan: mine, or my unit's.
  const reserved = tx.select(columns).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.state, 'reserved'),
      unit ? or(eq(outgoingLetters.unitId, unit), eq(outgoingLetters.createdBy, viewer.user.id)) : eq(outgoingLetters.createdBy, viewer.user.id)))
    .orderBy(asc(outgoingLetters.updatedAt)).limit(200);
  const [a, b, c, d, e] = await Promise.all([mine, toAct, toSend, sent, reserved]);
  const acting = viewer.memberships.find((m) => m.unitId === unit);
  return { mine: a, toAct: b, toSend: c, sent: d, reserved: e, unit: acting ? { th: acting.unitNameTh, en: acting.unitNameEn } : null };
}

/** Delivery results the sender has not confirmed yet, failures first (the banner and its list). */
export async function listUnconfirmedDeliveries(tx: TenantTx, viewer: Viewer) {
  const tenantId = viewer.tenant.id;
  return tx.select({
    id: deliveries.id, outgoingLetterId: deliveries.outgoingLetterId, recipientName: deliveries.recipientName, recipientEmail: deliveries.recipientEmail,
    channel: deliveries.channel, state: deliveries.state, failedReason: deliveries.failedReason, failedAt: deliveries.failedAt,
    documentNumber: outgoingLetters.documentNumber, subject: outgoingLetters.subject,
  }).from(deliveries)
    .innerJoin(outgoingLetters, and(eq(outgoingLetters.tenantId, deliveries.tenantId), eq(outgoingLetters.id, deliveries.outgoingLetterId)))
    .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.state, 'failed'), isNull(deliveries.confirmedAt),
      or(eq(outgoingLetters.sentBy, viewer.user.id), eq(outgoingLetters.createdBy, viewer.user.id))))
    .orderBy(desc(deliveries.failedAt)).limit(200);
}
