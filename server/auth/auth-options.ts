import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { env } from '@/server/env';
import { isSessionClaims } from './session-claims';
import { signIn } from './sign-in';

function clientIp(headers: Record<string, unknown> | undefined) {
  const forwarded = headers?.['x-forwarded-for'];
  return typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : null;
}

/** next-auth (v4) with username + password; the session is a signed, encrypted JWT cookie. */
export function authOptions(): NextAuthOptions {
  const maxAge = env().SESSION_MAX_AGE_MINUTES * 60;
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge },
    jwt: { maxAge },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Saraban',
        credentials: { kind: {}, agency: {}, username: {}, password: {} },
        async authorize(credentials, req) {
          const c = (credentials ?? {}) as Record<string, string | undefined>;
          const username = String(c.username ?? '').slice(0, 100);
          const password = String(c.password ?? '').slice(0, 200);
          const ip = clientIp(req?.headers as Record<string, unknown> | undefined);
          const result = c.kind === 'operator'
            ? await signIn({ kind: 'operator', username, password, ip })
            : await signIn({ kind: 'user', agencyCode: String(c.agency ?? '').slice(0, 64), username, password, ip });
          if (!result.ok) {
            if (result.reason === 'locked') throw new Error('too_many_attempts');
            return null;
          }
          const subject = result.claims.kind === 'user' ? result.claims.userId : result.claims.operatorId;
          return { id: subject, claims: result.claims };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        const claims = (user as { claims?: unknown } | undefined)?.claims;
        if (claims) token.claims = claims;
        return token;
      },
      session({ session, token }) {
        const claims = isSessionClaims(token.claims) ? token.claims : null;
        return { ...session, claims };
      },
    },
  };
}
