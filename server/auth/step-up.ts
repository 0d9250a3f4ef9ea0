import { and, eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { recordAudit } from '@/server/audit/record-audit';
import { AppError } from '@/core/errors';
import { clearSignInFailures, recordSignInFailure, secondsToWait, throttleKeysFor } from '@/server/platform/sign-in-throttle';
import { verifyPassword } from './password';
import { sessionScope, userSessionAlive } from './sessions';

type UserClaims = { tenantId: string; userId: string; sid: string };

/**
 * Step-up re-authentication: the person re-enters their password at the moment of an act
 * that needs proof of identity and intent (signing, changing the password). It runs before
 * the act's own transaction, one connection at a time (throttle, then the agency's own
 * short transaction, then the throttle again), so a wrong password never needs a second
 * connection while holding the first. Success and failure are both recorded; failures
 * count towards the same throttle as sign-in.
 */
export async function verifyStepUp(claims: UserClaims, password: string, purpose: string, address: string | null) {
  const keys = throttleKeysFor(['user-id', claims.tenantId, claims.userId], address);
  if (await secondsToWait(keys) > 0) throw new AppError('too_many_attempts');
  const ok = await runInTenant({ tenantId: claims.tenantId, userId: claims.userId, session: sessionScope(claims.sid) }, async (tx) => {
    if (!(await userSessionAlive(tx, claims.tenantId, claims.sid))) throw new AppError('session_expired');
    const [row] = await tx.select({ hash: users.passwordHash, name: users.fullNameTh }).from(users)
      .where(and(eq(users.tenantId, claims.tenantId), eq(users.id, claims.userId), eq(users.status, 'active')));
    if (!row) throw new AppError('session_expired');
    const verified = await verifyPassword(password, row.hash);
    await recordAudit(tx, claims.tenantId, {
      actor: { kind: 'user', id: claims.userId, name: row.name },
      action: verified ? 'auth.step_up' : 'auth.step_up_failed', targetType: 'user', targetId: claims.userId, ip: address, data: { purpose },
    });
    return verified;
  });
  if (!ok) {
    await recordSignInFailure(keys);
    throw new AppError('wrong_password');
  }
  await clearSignInFailures(keys);
  return { verifiedAt: new Date() };
}
