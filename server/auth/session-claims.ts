/**
 * What the signed session cookie carries; everything else is read from the database per
 * request, the session itself included (`sid` names its row: server/auth/sessions.ts).
 */
export type SessionClaims =
  | { kind: 'user'; tenantId: string; userId: string; sv: number; sid: string }
  | { kind: 'operator'; operatorId: string; sv: number; sid: string };

export function isSessionClaims(value: unknown): value is SessionClaims {
  const v = value as Record<string, unknown> | null;
  if (!v || typeof v.sv !== 'number' || typeof v.sid !== 'string') return false;
  if (v.kind === 'user') return typeof v.tenantId === 'string' && typeof v.userId === 'string';
  if (v.kind === 'operator') return typeof v.operatorId === 'string';
  return false;
}
