import { aliasedTable, and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { auditLog, endorsements, letterAssignments, letters, notifications, registerEntries, registers, units, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { listLetterTexts } from '@/server/intake/letter-texts';
import { listLetterFiles } from '@/server/registry/list-letter-files';
import { urgencyRank } from '@/core/letters';
import { viewerParts } from './work-on-letter';

/** The letter's routing parts with the names of their units and people. */
export async function listAssignments(tx: TenantTx, tenantId: string, letterIds: string[]) {
  if (letterIds.length === 0) return [];
  const person = aliasedTable(users, 'person');
  return tx.select({
    id: letterAssignments.id, letterId: letterAssignments.letterId, unitId: letterAssignments.unitId, userId: letterAssignments.userId,
    targetName: sql<string>`coalesce(${units.nameTh}, ${person.fullNameTh})`, purpose: letterAssignments.purpose, note: letterAssignments.note,
    assignedByName: letterAssignments.assignedByName, assignedAt: letterAssignments.assignedAt, readAt: letterAssignments.readAt,
    closedAt: letterAssignments.closedAt, closedByName: letterAssignments.closedByName, outcome: letterAssignments.outcome,
  }).from(letterAssignments)
    .leftJoin(units, and(eq(units.tenantId, letterAssignments.tenantId), eq(units.id, letterAssignments.unitId)))
    .leftJoin(person, and(eq(person.tenantId, letterAssignments.tenantId), eq(person.id, letterAssignments.userId)))
    .where(and(eq(letterAssignments.tenantId, tenantId), inArray(letterAssignments.letterId, letterIds)))
    .orderBy(asc(letterAssignments.assignedAt), asc(letterAssignments.purpose), asc(sql`coalesce(${units.nameTh}, ${person.fullNameTh})`));
}

/** Everything the letter page shows: details, registration, files and their text, routing, endorsements, timeline. */
export async function getLetter(tx: TenantTx, viewer: Viewer, letterId: string) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select().from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, letterId)));
  if (!letter) throw new AppError('not_found');
  const [entries, files, texts, parts, notes, timeline, mineRows] = await Promise.all([
    tx.select({
      registerId: registerEntries.registerId, registerName: registers.nameTh, year: registerEntries.year, number: registerEntries.number,
      registeredAt: registerEntries.registeredAt, registeredByName: registerEntries.registeredByName, cancelledAt: registerEntries.cancelledAt,
      cancelReason: registerEntries.cancelReason,
    }).from(registerEntries)
      .innerJoin(registers, and(eq(registers.tenantId, registerEntries.tenantId), eq(registers.id, registerEntries.registerId)))
      .where(and(eq(registerEntries.tenantId, tenantId), eq(registerEntries.letterId, letterId))).orderBy(asc(registerEntries.registeredAt)),
    listLetterFiles(tx, tenantId, letterId),
    listLetterTexts(tx, tenantId, letterId),
    listAssignments(tx, tenantId, [letterId]),
    tx.select().from(endorsements).where(and(eq(endorsements.tenantId, tenantId), eq(endorsements.letterId, letterId))).orderBy(asc(endorsements.createdAt)),
    tx.select({ id: auditLog.id, at: auditLog.occurredAt, actorName: auditLog.actorName, action: auditLog.action, data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.targetType, 'letter'), eq(auditLog.targetId, letterId))).orderBy(asc(auditLog.id)),
    tx.select({ id: letterAssignments.id }).from(letterAssignments)
      .where(and(eq(letterAssignments.tenantId, tenantId), eq(letterAssignments.letterId, letterId), viewerParts(viewer))),
  ]);
  const mine = new Set(mineRows.map((r) => r.id));
  const live = entries.find((e) => !e.cancelledAt) ?? null;
  const status = !live ? (letter.returnedAt ? 'returned' : 'waiting') : parts.length === 0 ? 'registered' : parts.every((p) => p.closedAt) ? 'closed' : 'in_progress';
  return {
    letter: {
      id: letter.id, channel: letter.channel, documentNumber: letter.documentNumber, letterDate: letter.letterDate, fromText: letter.fromText,
      toText: letter.toText, subject: letter.subject, urgency: letter.urgency, secrecy: letter.secrecy, remarks: letter.remarks, receivedAt: letter.receivedAt,
      // A classified letter's details as ciphertext, for a key holder's browser to open.
      sealed: letter.sealedDetails !== null, sealedDetails: letter.sealedDetails,
      // Whom a reply goes back to: the sending agency on the platform, or the address it wrote from.
      sourceTenantId: letter.sourceTenantId, replyTo: letter.replyTo,
      returnedAt: letter.returnedAt, returnedReason: letter.returnedReason,
    },
    status, registration: live, registrations: entries,
    files: files.map(({ objectKey: _key, ...f }) => f), texts,
    parts: parts.map((p) => ({ ...p, mine: mine.has(p.id) })),
    endorsements: notes.map((e) => ({ id: e.id, text: e.text, authorName: e.authorName, authorPosition: e.authorPosition, createdAt: e.createdAt })),
    timeline,
  };
}

/** How many open parts and how many of the latest closed ones the inbox shows. */
const INBOX_OPEN = 300;
const INBOX_CLOSED = 100;

/**
 * The viewer's inbox: letters routed to them or their units; open parts first, then by urgency and
 * time. Each target (the person, each of their units) is read newest first through its own index,
 * open parts and closed ones apart, so the inbox never reads the years of closed parts behind it.
 */
export async function listInbox(tx: TenantTx, viewer: Viewer) {
  const tenantId = viewer.tenant.id;
  const read = (target: SQL, open: boolean) => tx.select({
    assignmentId: letterAssignments.id, purpose: letterAssignments.purpose, note: letterAssignments.note, unitId: letterAssignments.unitId,
    assignedAt: letterAssignments.assignedAt, assignedByName: letterAssignments.assignedByName, readAt: letterAssignments.readAt,
    closedAt: letterAssignments.closedAt, letterId: letters.id, subject: letters.subject, documentNumber: letters.documentNumber,
    fromText: letters.fromText, urgency: letters.urgency, secrecy: letters.secrecy, targetUnit: units.nameTh,
  }).from(letterAssignments)
    .innerJoin(letters, and(eq(letters.tenantId, letterAssignments.tenantId), eq(letters.id, letterAssignments.letterId)))
    .leftJoin(units, and(eq(units.tenantId, letterAssignments.tenantId), eq(units.id, letterAssignments.unitId)))
    .where(and(eq(letterAssignments.tenantId, tenantId), target, open ? isNull(letterAssignments.closedAt) : isNotNull(letterAssignments.closedAt)))
    .orderBy(desc(letterAssignments.assignedAt)).limit(open ? INBOX_OPEN : INBOX_CLOSED);
  const targets = [eq(letterAssignments.userId, viewer.user.id), ...[...new Set(viewer.memberships.map((m) => m.unitId))].map((unitId) => eq(letterAssignments.unitId, unitId))];
  const newest = <T extends { assignedAt: Date }>(rows: T[], n: number) => rows.sort((a, b) => b.assignedAt.getTime() - a.assignedAt.getTime()).slice(0, n);
  const open: Array<Awaited<ReturnType<typeof read>>[number]> = [];
  const closed: typeof open = [];
  for (const target of targets) {
    open.push(...await read(target, true));
    closed.push(...await read(target, false));
  }
  return [...newest(open, INBOX_OPEN), ...newest(closed, INBOX_CLOSED)].sort((a, b) => Number(Boolean(a.closedAt)) - Number(Boolean(b.closedAt))
    || urgencyRank[a.urgency] - urgencyRank[b.urgency] || b.assignedAt.getTime() - a.assignedAt.getTime());
}

export async function listNotifications(tx: TenantTx, viewer: Viewer) {
  const tenantId = viewer.tenant.id;
  const [items, [unread]] = await Promise.all([
    tx.select({ id: notifications.id, kind: notifications.kind, letterId: notifications.letterId, exportId: notifications.exportId, disposalListId: notifications.disposalListId, title: notifications.title,
      createdAt: notifications.createdAt, readAt: notifications.readAt })
      .from(notifications).where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, viewer.user.id)))
      .orderBy(desc(notifications.createdAt)).limit(20),
    tx.select({ n: sql<number>`count(*)::int` }).from(notifications)
      .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, viewer.user.id), isNull(notifications.readAt))),
  ]);
  return { unread: unread?.n ?? 0, items };
}
