import { AppError } from '@/core/errors';
import { clearSignInFailures, recordSignInFailure, secondsToWait, throttleKeysFor } from '@/server/platform/sign-in-throttle';

/**
 * Guessing a classified passphrase is slowed like guessing a password: the sealed private
 * key is handed out only when no wait is due, and each failure the browser reports counts
 * (docs/classified.md says what this cannot stop: guessing offline against a copy).
 * These calls run outside any tenant transaction, one connection at a time.
 */
function passphraseKeys(claims: { tenantId: string; userId: string }, address: string | null) {
  return throttleKeysFor(['classified-passphrase', claims.tenantId, claims.userId], address);
}

export async function refuseWhileThrottled(claims: { tenantId: string; userId: string }, address: string | null) {
  if (await secondsToWait(passphraseKeys(claims, address)) > 0) throw new AppError('too_many_attempts');
}

export async function countUnlock(claims: { tenantId: string; userId: string }, address: string | null, ok: boolean) {
  const keys = passphraseKeys(claims, address);
  if (ok) await clearSignInFailures(keys);
  else await recordSignInFailure(keys);
}
