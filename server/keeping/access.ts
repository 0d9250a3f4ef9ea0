import { and, eq } from 'drizzle-orm';
import { disposalCommittee } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';

/**
 * Who keeps the agency's letters: its central registry (ทะเบียนกลาง, a registry officer of the
 * agency's own unit) and its admins. They set classes, hold letters, prepare the disposal list,
 * send it to the National Archives and record the answer.
 */
export function isKeeper(viewer: Viewer) {
  return viewer.permissions.has('admin') || viewer.memberships.some((m) => m.atRoot && m.role === 'central_registry_officer');
}

/** The head of the agency (an executive of its own unit) appoints the disposal committee. */
export function isHead(viewer: Viewer) {
  return viewer.memberships.some((m) => m.atRoot && m.role === 'executive');
}

export function requireKeeper(viewer: Viewer) {
  if (!isKeeper(viewer)) throw new AppError('forbidden');
}

/** Whether the keeping area is the person's: a keeper, the head, or a member of a disposal committee. */
export async function mayOpenKeeping(tx: TenantTx, viewer: Viewer) {
  if (isKeeper(viewer) || isHead(viewer)) return true;
  const [member] = await tx.select({ listId: disposalCommittee.listId }).from(disposalCommittee)
    .where(and(eq(disposalCommittee.tenantId, viewer.tenant.id), eq(disposalCommittee.userId, viewer.user.id))).limit(1);
  return Boolean(member);
}
