import { and, eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { recordAudit } from '@/server/audit/record-audit';
import { findAgencyByCode } from '@/server/platform/agencies';
import { startOperatorSession } from '@/server/platform/operator-sessions';
import { findOperatorByUsername } from '@/server/platform/operators';
import { clearSignInFailures, recordSignInFailure, secondsToWait, throttleKeysFor } from '@/server/platform/sign-in-throttle';
import { decoyHash, verifyPassword } from './password';
import type { SessionClaims } from './session-claims';
import { operatorSessionLimits, startUserSession } from './sessions';

export type SignInAttempt =
  | { kind: 'user'; agencyCode: string; username: string; password: string; ip?: string | null }
  | { kind: 'operator'; username: string; password: string; ip?: string | null };

export type SignInResult = { ok: true; claims: SessionClaims } | { ok: false; reason: 'invalid' | 'locked' };

/**
 * Checks credentials. Unknown agency, unknown user, disabled user and wrong password
 * all answer the same `invalid` after the same work, and all count towards lockout.
 */
export async function signIn(attempt: SignInAttempt): Promise<SignInResult> {
  const keys = throttleKeysFor(attempt.kind === 'user'
    ? ['user', attempt.agencyCode, attempt.username]
    : ['operator', attempt.username], attempt.ip);
  if (await secondsToWait(keys) > 0) return { ok: false, reason: 'locked' };

  const claims = attempt.kind === 'user' ? await checkUser(attempt) : await checkOperator(attempt);
  if (!claims) {
    await recordSignInFailure(keys);
    return { ok: false, reason: 'invalid' };
  }
  await clearSignInFailures(keys);
  return { ok: true, claims };
}

async function checkUser(attempt: Extract<SignInAttempt, { kind: 'user' }>): Promise<SessionClaims | null> {
  const agency = await findAgencyByCode(attempt.agencyCode);
  if (!agency || agency.status !== 'active') {
    await verifyPassword(attempt.password, await decoyHash());
    return null;
  }
  return runInTenant({ tenantId: agency.id, userId: null }, async (tx) => {
    const [user] = await tx.select().from(users)
      .where(and(eq(users.tenantId, agency.id), eq(users.username, attempt.username.trim().toLowerCase())))
      .limit(1);
    const passwordOk = await verifyPassword(attempt.password, user?.passwordHash ?? await decoyHash());
    if (!user) return null;
    const ok = passwordOk && user.status === 'active';
    await recordAudit(tx, agency.id, {
      actor: { kind: 'user', id: user.id, name: user.fullNameTh },
      action: ok ? 'auth.signed_in' : 'auth.sign_in_failed',
      targetType: 'user', targetId: user.id, ip: attempt.ip ?? null,
      data: ok ? {} : { reason: user.status === 'active' ? 'wrong_password' : 'disabled' },
    });
    if (!ok) return null;
    const sid = await startUserSession(tx, agency.id, user.id, attempt.ip ?? null);
    return { kind: 'user', tenantId: agency.id, userId: user.id, sv: user.sessionVersion, sid };
  });
}

async function checkOperator(attempt: Extract<SignInAttempt, { kind: 'operator' }>): Promise<SessionClaims | null> {
  const operator = await findOperatorByUsername(attempt.username);
  const passwordOk = await verifyPassword(attempt.password, operator?.passwordHash ?? await decoyHash());
  if (!operator || !passwordOk || operator.status !== 'active') return null;
  const sid = await startOperatorSession(operator.id, attempt.ip ?? null, operatorSessionLimits());
  return { kind: 'operator', operatorId: operator.id, sv: operator.sessionVersion, sid };
}
