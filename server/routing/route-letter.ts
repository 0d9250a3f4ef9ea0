import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { letterAssignments, letters, memberships, notifications, registerEntries, units, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { canOpenSecrecy } from '@/server/auth/permissions';
import { AppError } from '@/core/errors';
import { assertSealedNotes, holdersOf, noteField, isClassified, notificationTitle, storeLetterKeys, wrappedKey } from '@/server/classified/letter-keys';

export const routeLetterInput = z.object({
  letterId: z.uuid(),
  targets: z.array(z.union([
    z.strictObject({ unitId: z.uuid(), purpose: z.enum(['action', 'information']) }),
    z.strictObject({ userId: z.uuid(), purpose: z.enum(['action', 'information']) }),
  ])).min(1).max(50),
  note: noteField(2000).default(''),
  /** For a classified letter: its content key wrapped in the router's browser for each named person who holds none yet. */
  keys: z.array(wrappedKey).max(50).default([]),
});

/** Roles that work a unit's incoming letters: they are told when a letter is routed to their unit. */
const unitReceivers = ['unit_clerk', 'central_registry_officer'] as const;

/**
 * Routes a registered letter to units and/or people, to act or for information. Each
 * target becomes a part of the letter's routing; people told in-app; one audit entry
 * (the timeline) records it, in the same transaction.
 */
export async function routeLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof routeLetterInput>) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select({ id: letters.id, subject: letters.subject, secrecy: letters.secrecy, urgency: letters.urgency, sealedDetails: letters.sealedDetails })
    .from(letters).where(and(eq(letters.tenantId, tenantId), eq(letters.id, input.letterId)));
  if (!letter) throw new AppError('not_found');
  const [entry] = await tx.select({ number: registerEntries.number }).from(registerEntries)
    .where(and(eq(registerEntries.tenantId, tenantId), eq(registerEntries.letterId, letter.id), isNull(registerEntries.cancelledAt)));
  if (!entry) throw new AppError('not_registered');

  const targets = input.targets.map((t) => ({ unitId: 'unitId' in t ? t.unitId : null, userId: 'userId' in t ? t.userId : null, purpose: t.purpose }));
  const unitIds = [...new Set(targets.flatMap((t) => (t.unitId ? [t.unitId] : [])))];
  const userIds = [...new Set(targets.flatMap((t) => (t.userId ? [t.userId] : [])))];
  const foundUnits = unitIds.length ? await tx.select({ id: units.id, nameTh: units.nameTh }).from(units)
    .where(and(eq(units.tenantId, tenantId), inArray(units.id, unitIds))) : [];
  const foundUsers = userIds.length ? await tx.select({
    id: users.id, fullNameTh: users.fullNameTh, status: users.status, clearance: users.clearance, appointed: users.classifiedAppointed,
  }).from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, userIds))) : [];
  if (foundUnits.length !== unitIds.length || foundUsers.length !== userIds.length) throw new AppError('not_found');
  if (foundUsers.some((u) => u.status !== 'active')) throw new AppError('route_person_disabled');
  // A classified letter goes only to appointed people with enough clearance.
  if (foundUsers.some((u) => !canOpenSecrecy({ clearance: u.clearance, classifiedAppointed: u.appointed }, letter.secrecy))) {
    throw new AppError('route_person_not_cleared');
  }
  if (isClassified(letter.secrecy)) {
    // Nobody in a unit could open it (the unit's part would never close), and its subject must not reach the unit's clerks.
    if (unitIds.length > 0) throw new AppError('classified_route_unit_refused');
    if (!canOpenSecrecy(viewer.user, letter.secrecy)) throw new AppError('clearance_required');
    assertSealedNotes(letter.sealedDetails !== null, [input.note]);
    const holding = await holdersOf(tx, tenantId, letter.id, userIds);
    const given = input.keys.length ? await storeLetterKeys(tx, viewer, { id: letter.id, secrecy: letter.secrecy }, input.keys, [], userIds) : [];
    if (userIds.some((id) => !holding.has(id) && !given.includes(id))) throw new AppError('classified_key_missing');
  } else if (input.keys.length > 0) {
    throw new AppError('invalid_input');
  }

  const assignments = targets.map((t) => ({
    tenantId, id: randomUUID(), letterId: letter.id, unitId: t.unitId, userId: t.userId, purpose: t.purpose,
    note: input.note, assignedBy: viewer.user.id, assignedByName: viewer.user.fullNameTh,
  }));
  await tx.insert(letterAssignments).values(assignments);

  const told = new Set(userIds);
  if (unitIds.length > 0) {
    const members = await tx.selectDistinct({ userId: memberships.userId }).from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.unitId, unitIds), inArray(memberships.role, [...unitReceivers])));
    for (const m of members) told.add(m.userId);
  }
  told.delete(viewer.user.id);
  if (told.size > 0) {
    await tx.insert(notifications).values([...told].map((userId) => ({
      tenantId, id: randomUUID(), userId, kind: 'letter_routed' as const, letterId: letter.id, title: notificationTitle(letter),
    })));
  }
  const names = new Map<string, string>([...foundUnits.map((u) => [u.id, u.nameTh] as const), ...foundUsers.map((u) => [u.id, u.fullNameTh] as const)]);
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'letter.routed', targetType: 'letter', targetId: letter.id,
    data: {
      note: input.note,
      targets: targets.map((t) => ({ kind: t.unitId ? 'unit' : 'person', id: t.unitId ?? t.userId, name: names.get((t.unitId ?? t.userId)!), purpose: t.purpose })),
    },
  });
  return { assignments: assignments.map((a) => a.id) };
}
