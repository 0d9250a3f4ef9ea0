import { decode } from 'next-auth/jwt';
import { env } from '@/core/env';
import { parseCookies } from '@/server/shared/cookies';
import { isSessionClaims, type SessionClaims } from './session-claims';

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

// Decrypting the session (key derivation + JWE) costs more than the query it guards;
// a token never changes, so a verified one is remembered until it expires. What the
// token may do is still read from the database on every request.
const verified = new Map<string, { claims: SessionClaims; expiresAt: number }>();
const MAX_REMEMBERED = 10_000;

/** Decodes the session cookie (signature and expiry checked); null when absent, forged or expired. */
export async function readSession(cookieHeader: string | null): Promise<SessionClaims | null> {
  const cookies = parseCookies(cookieHeader);
  const token = SESSION_COOKIES.map((name) => cookies[name]).find(Boolean);
  if (!token) return null;
  const now = Date.now();
  const known = verified.get(token);
  if (known) {
    if (known.expiresAt > now) return known.claims;
    verified.delete(token);
    return null;
  }
  try {
    const payload = await decode({ token, secret: env().NEXTAUTH_SECRET });
    if (!isSessionClaims(payload?.claims) || typeof payload.exp !== 'number') return null;
    if (verified.size >= MAX_REMEMBERED) verified.clear();
    verified.set(token, { claims: payload.claims, expiresAt: payload.exp * 1000 });
    return payload.claims;
  } catch {
    return null;
  }
}
