import { and, eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { recordAudit } from '@/server/audit/record-audit';
import { AppError } from '@/server/errors';
import { clearSignInFailures, isLockedOut, recordSignInFailure, throttleKey } from '@/server/platform/sign-in-throttle';
import type { Viewer } from './load-viewer';
import { verifyPassword } from './password';

/**
 * Step-up re-authentication: the person re-enters their password at the moment of
 * an act that needs proof of identity and intent (signing). Failures count towards
 * the same lockout as sign-in, and are recorded even though the act is refused.
 */
export async function reauthenticate(tx: TenantTx, viewer: Viewer, password: string, purpose: string) {
  const key = throttleKey(['user', viewer.tenant.code, viewer.user.username]);
  if (await isLockedOut(key)) throw new AppError('too_many_attempts');
  const [row] = await tx.select({ hash: users.passwordHash }).from(users)
    .where(and(eq(users.tenantId, viewer.tenant.id), eq(users.id, viewer.user.id)));
  const actor = { kind: 'user' as const, id: viewer.user.id, name: viewer.user.fullNameTh };
  if (!row || !(await verifyPassword(password, row.hash))) {
    await recordSignInFailure(key);
    // Its own transaction: the caller's rolls back with the error.
    await runInTenant({ tenantId: viewer.tenant.id, userId: viewer.user.id }, (own) =>
      recordAudit(own, viewer.tenant.id, { actor, action: 'auth.step_up_failed', targetType: 'user', targetId: viewer.user.id, data: { purpose } }));
    throw new AppError('wrong_password');
  }
  await clearSignInFailures(key);
  await recordAudit(tx, viewer.tenant.id, { actor, action: 'auth.step_up', targetType: 'user', targetId: viewer.user.id, data: { purpose } });
  return { verifiedAt: new Date() };
}
