import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { clearanceRequests, users } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { applyClearance } from './set-clearance';

export const decideClearanceInput = z.object({
  requestId: z.uuid(),
  approve: z.boolean(),
  reason: z.string().trim().max(1000).default(''),
});

/**
 * Who may approve a clearance: the head of agency (an executive of the root unit) or the
 * classified-documents registrar (a central registry officer appointed with ลับมาก
 * clearance). The database applies the same rule when the decision is written.
 */
export function mayApproveClearance(viewer: Viewer) {
  return viewer.memberships.some((m) => (m.role === 'executive' && m.atRoot)
    || (m.role === 'central_registry_officer' && viewer.user.classifiedAppointed && viewer.user.clearance === 'secret'));
}

/** The pending requests, for the people who decide them and the admins who made them (others: FORBIDDEN). */
export async function listClearanceRequests(tx: TenantTx, viewer: Viewer) {
  const tenantId = viewer.tenant.id;
  const mayApprove = mayApproveClearance(viewer);
  if (!mayApprove && !viewer.permissions.has('admin')) throw new AppError('forbidden');
  const requests = await tx.select({
    id: clearanceRequests.id, userId: clearanceRequests.userId, personName: users.fullNameTh, position: users.position,
    currentClearance: users.clearance, currentAppointed: users.classifiedAppointed,
    clearance: clearanceRequests.clearance, classifiedAppointed: clearanceRequests.classifiedAppointed,
    requestedBy: clearanceRequests.requestedBy, requestedByName: clearanceRequests.requestedByName, requestedAt: clearanceRequests.requestedAt,
  }).from(clearanceRequests)
    .innerJoin(users, and(eq(users.tenantId, clearanceRequests.tenantId), eq(users.id, clearanceRequests.userId)))
    .where(and(eq(clearanceRequests.tenantId, tenantId), eq(clearanceRequests.state, 'pending')))
    .orderBy(desc(clearanceRequests.requestedAt)).limit(200);
  return { mayApprove, requests };
}

const refusals = ['clearance_approver_invalid', 'clearance_already_decided', 'clearance_needs_approval'] as const;

/**
 * The second person decides: approved, the clearance takes effect in the same transaction,
 * with both people recorded (request and decision, and the audit entries of both).
 */
export async function decideClearance(tx: TenantTx, viewer: Viewer, input: z.infer<typeof decideClearanceInput>) {
  const tenantId = viewer.tenant.id;
  if (!mayApproveClearance(viewer)) throw new AppError('clearance_approver_invalid');
  const [request] = await tx.select().from(clearanceRequests)
    .where(and(eq(clearanceRequests.tenantId, tenantId), eq(clearanceRequests.id, input.requestId))).for('update');
  if (!request) throw new AppError('not_found');
  if (request.state !== 'pending') throw new AppError('clearance_already_decided');
  if (request.requestedBy === viewer.user.id || request.userId === viewer.user.id) throw new AppError('clearance_approver_invalid');
  const [person] = await tx.select({ id: users.id, clearance: users.clearance, classifiedAppointed: users.classifiedAppointed, fullNameTh: users.fullNameTh })
    .from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, request.userId)));
  const actor = actorOf(viewer);
  try {
    await tx.update(clearanceRequests).set({
      state: input.approve ? 'approved' : 'rejected', decidedBy: viewer.user.id, decidedByName: viewer.user.fullNameTh,
      decidedAt: sql`now()`, reason: input.reason || null,
    }).where(and(eq(clearanceRequests.tenantId, tenantId), eq(clearanceRequests.id, request.id)));
    if (input.approve) {
      await applyClearance(tx, tenantId, actor, person!, { clearance: request.clearance, classifiedAppointed: request.classifiedAppointed }, {
        requestId: request.id, requestedBy: { id: request.requestedBy, name: request.requestedByName }, approvedBy: { id: viewer.user.id, name: viewer.user.fullNameTh },
      });
    }
  } catch (error) {
    const message = String((error as { message?: string }).message ?? '') + String((error as { cause?: { message?: string } }).cause?.message ?? '');
    const key = refusals.find((k) => message.includes(`refused:${k}`));
    if (key) throw new AppError(key);
    throw error;
  }
  await recordAudit(tx, tenantId, {
    actor, action: input.approve ? 'clearance.approved' : 'clearance.rejected', targetType: 'user', targetId: request.userId,
    data: { requestId: request.id, person: person!.fullNameTh, clearance: request.clearance, classifiedAppointed: request.classifiedAppointed,
      requestedBy: request.requestedByName, reason: input.reason || null },
  });
  return { state: input.approve ? 'approved' as const : 'rejected' as const };
}
