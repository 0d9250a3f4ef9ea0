import { randomUUID } from 'node:crypto';
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { memberships, notifications, outgoingLetters, permissionOverrides, reviewSteps, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { canOpenSecrecy, effectivePermissions } from '@/server/auth/permissions';
import { assertSealedNotes, holdersOf, isClassified, noteField, notificationTitle, storeLetterKeys, wrappedKey } from '@/server/classified/letter-keys';
import { AppError } from '@/core/errors';
import { currentContent, currentStep, lockOutgoing } from './drafts';
import { needsRecipients } from './recipients';
import { maySubmit } from './sending-rules';
import type { AuditAction } from '@/core/audit';

export const submitInput = z.object({
  letterId: z.uuid(),
  /** Reviewers in order (ตรวจ), then the one who signs (ลงนาม). */
  reviewers: z.array(z.uuid()).max(10).default([]),
  signerId: z.uuid(),
  /** A classified letter's content key wrapped in the owner's browser for each reviewer and the signer who holds none yet. */
  keys: z.array(wrappedKey).max(11).default([]),
});
/** The audit action of each decision on a review step. */
const decisionAction = { approve: 'outgoing.approved', return: 'outgoing.returned', reject: 'outgoing.rejected' } as const satisfies Record<string, AuditAction>;

export const decideInput = z.object({
  letterId: z.uuid(),
  decision: z.enum(['approve', 'return', 'reject']),
  reason: noteField(2000).default(''),
});

async function notify(tx: TenantTx, tenantId: string, userId: string, kind: 'draft_to_review' | 'draft_returned' | 'draft_rejected' | 'draft_signed', letterId: string, title: string) {
  await tx.insert(notifications).values({ tenantId, id: randomUUID(), userId, kind, letterId, title });
}

/** Whether a person holds a permission in any of their units (roles, then their overrides). */
export async function peopleWith(tx: TenantTx, tenantId: string, userIds: string[]) {
  const [people, roles, overrides] = await Promise.all([
    tx.select({ id: users.id, name: users.fullNameTh, position: users.position, status: users.status, clearance: users.clearance, classifiedAppointed: users.classifiedAppointed })
      .from(users).where(and(eq(users.tenantId, tenantId), inArray(users.id, userIds))),
    tx.select({ userId: memberships.userId, unitId: memberships.unitId, role: memberships.role }).from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.userId, userIds))),
    tx.select({ userId: permissionOverrides.userId, permission: permissionOverrides.permission, allowed: permissionOverrides.allowed }).from(permissionOverrides)
      .where(and(eq(permissionOverrides.tenantId, tenantId), inArray(permissionOverrides.userId, userIds))),
  ]);
  return new Map(people.map((p) => {
    const own = roles.filter((r) => r.userId === p.id);
    const ov = overrides.filter((o) => o.userId === p.id);
    const canSign = own.some((m) => effectivePermissions({ memberships: own, overrides: ov, actingUnitId: m.unitId }).has('sign'))
      || (own.length === 0 && effectivePermissions({ memberships: [], overrides: ov, actingUnitId: null }).has('sign'));
    return [p.id, { ...p, canSign }];
  }));
}

/**
 * เสนอ: the owner sends the draft up the chain chosen for it — reviewers in order, the
 * signer last. Each must be active and cleared for the letter's secrecy; the signer must
 * hold the right to sign. The first is told; the steps form a new round.
 */
export async function submitForReview(tx: TenantTx, viewer: Viewer, input: z.infer<typeof submitInput>) {
  const tenantId = viewer.tenant.id;
  const letter = await lockOutgoing(tx, tenantId, input.letterId);
  if (!maySubmit(letter, viewer.user.id)) throw new AppError('draft_not_editable');
  const content = await currentContent(tx, tenantId, letter.id, letter.version);
  if (needsRecipients(letter.kind) && content.recipients.length === 0) throw new AppError('no_recipients');
  const chain = [...input.reviewers.map((userId) => ({ userId, action: 'review' as const })), { userId: input.signerId, action: 'sign' as const }];
  const people = await peopleWith(tx, tenantId, [...new Set(chain.map((c) => c.userId))]);
  for (const step of chain) {
    const person = people.get(step.userId);
    if (!person || person.status !== 'active') throw new AppError('reviewer_unavailable');
    if (!canOpenSecrecy(person, letter.secrecy)) throw new AppError('route_person_not_cleared');
  }
  if (!people.get(input.signerId)!.canSign) throw new AppError('signer_without_right');
  if (isClassified(letter.secrecy)) {
    // Everyone on the chain must hold the letter's key before it reaches them.
    const userIds = [...new Set(chain.map((c) => c.userId))];
    const holding = await holdersOf(tx, tenantId, letter.id, userIds);
    const given = input.keys.length ? await storeLetterKeys(tx, viewer, { id: letter.id, secrecy: letter.secrecy }, input.keys, [], userIds) : [];
    if (userIds.some((id) => !holding.has(id) && !given.includes(id))) throw new AppError('classified_key_missing');
  } else if (input.keys.length > 0) {
    throw new AppError('invalid_input');
  }
  const [{ last }] = await tx.select({ last: max(reviewSteps.round) }).from(reviewSteps)
    .where(and(eq(reviewSteps.tenantId, tenantId), eq(reviewSteps.letterId, letter.id))) as [{ last: number | null }];
  const round = (last ?? 0) + 1;
  await tx.insert(reviewSteps).values(chain.map((c, i) => {
    const p = people.get(c.userId)!;
    return { tenantId, letterId: letter.id, round, position: i + 1, action: c.action, userId: c.userId, userName: p.name, userPosition: p.position, state: i === 0 ? 'current' as const : 'waiting' as const };
  }));
  await tx.update(outgoingLetters).set({ state: 'in_review', updatedAt: sql`now()` })
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  await notify(tx, tenantId, chain[0]!.userId, 'draft_to_review', letter.id, notificationTitle(letter));
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'outgoing.submitted', targetType: 'outgoing', targetId: letter.id,
    data: { round, version: letter.version, chain: chain.map((c) => ({ action: c.action, name: people.get(c.userId)!.name })) },
  });
  return { round };
}

/**
 * ตรวจ: the person whose step it is approves (the next step is told), returns the draft
 * for revision with a reason (the owner is told the reason), or rejects it. Signing is
 * its own act (sign.ts).
 */
export async function decide(tx: TenantTx, viewer: Viewer, input: z.infer<typeof decideInput>) {
  const tenantId = viewer.tenant.id;
  const letter = await lockOutgoing(tx, tenantId, input.letterId);
  const step = letter.state === 'in_review' ? await currentStep(tx, tenantId, letter.id) : null;
  if (!step || step.userId !== viewer.user.id) throw new AppError('not_your_step');
  if (input.decision !== 'approve' && !input.reason) throw new AppError('reason_required');
  assertSealedNotes(isClassified(letter.secrecy), [input.reason]);
  if (input.decision === 'approve' && step.action === 'sign') throw new AppError('not_your_step');
  const at = sql`now()`;
  const stepKey = and(eq(reviewSteps.tenantId, tenantId), eq(reviewSteps.letterId, letter.id), eq(reviewSteps.round, step.round));
  if (input.decision === 'approve') {
    await tx.update(reviewSteps).set({ state: 'approved', reason: input.reason || null, actedAt: at }).where(and(stepKey, eq(reviewSteps.position, step.position)));
    const [next] = await tx.update(reviewSteps).set({ state: 'current' })
      .where(and(stepKey, eq(reviewSteps.position, step.position + 1))).returning({ userId: reviewSteps.userId });
    if (next) await notify(tx, tenantId, next.userId, 'draft_to_review', letter.id, notificationTitle(letter));
  } else {
    const state = input.decision === 'return' ? 'returned' as const : 'rejected' as const;
    await tx.update(reviewSteps).set({ state, reason: input.reason, actedAt: at }).where(and(stepKey, eq(reviewSteps.position, step.position)));
    await tx.update(reviewSteps).set({ state: 'cancelled' }).where(and(stepKey, eq(reviewSteps.state, 'waiting')));
    await tx.update(outgoingLetters).set({ state, updatedAt: at }).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
    await notify(tx, tenantId, letter.createdBy, state === 'returned' ? 'draft_returned' : 'draft_rejected', letter.id, letter.secrecy === 'normal' ? `${letter.subject} — ${input.reason}` : '');
  }
  await tx.update(outgoingLetters).set({ updatedAt: at }).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letter.id)));
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: decisionAction[input.decision],
    targetType: 'outgoing', targetId: letter.id, data: { round: step.round, version: letter.version, reason: input.reason },
  });
  return { ok: true };
}
