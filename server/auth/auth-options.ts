import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { env } from '@/core/env';
import { CLIENT_ADDRESS_HEADER } from '@/server/http/front-door';
import { endOperatorSession } from '@/server/platform/operator-sessions';
import { isSessionClaims } from './session-claims';
import { endUserSession } from './sessions';
import { signIn } from './sign-in';

/** The address the front door established (server/http/front-door.ts); a client's own header is dropped there. */
function clientIp(headers: Record<string, unknown> | undefined) {
  const address = headers?.[CLIENT_ADDRESS_HEADER];
  return typeof address === 'string' ? address : null;
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
    events: {
      // Sign-out ends the session on the server too: the cookie, if kept or copied, opens nothing.
      async signOut({ token }) {
        const claims = isSessionClaims(token?.claims) ? token.claims : null;
        if (claims?.kind === 'user') await endUserSession(claims.tenantId, claims.userId, claims.sid);
        else if (claims?.kind === 'operator') await endOperatorSession(claims.operatorId, claims.sid);
      },
    },
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
