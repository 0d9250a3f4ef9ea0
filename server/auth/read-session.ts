import { decode } from 'next-auth/jwt';
import { env } from '@/server/env';
import { parseCookies } from '@/server/shared/cookies';
import { isSessionClaims, type SessionClaims } from './session-claims';

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

/** Decodes the session cookie (signature and expiry checked); null when absent, forged or expired. */
export async function readSession(cookieHeader: string | null): Promise<SessionClaims | null> {
  const cookies = parseCookies(cookieHeader);
  const token = SESSION_COOKIES.map((name) => cookies[name]).find(Boolean);
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: env().NEXTAUTH_SECRET });
    return isSessionClaims(payload?.claims) ? payload.claims : null;
  } catch {
    return null;
  }
}
