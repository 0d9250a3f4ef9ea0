import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { Permission } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { knownUnits, loadViewer } from '@/server/auth/load-viewer';
import { operatorSessionLimits, sessionScope, userSessionAlive } from '@/server/auth/sessions';
import { countUnlock, refuseWhileThrottled } from '@/server/classified/passphrase-throttle';
import { verifyStepUp } from '@/server/auth/step-up';
import { readSession } from '@/server/auth/read-session';
import type { SessionClaims } from '@/server/auth/session-claims';
import { outageOf } from '@/server/shared/outage';
import { AppError, errorDetails } from '@/core/errors';
import { findOperatorBySession } from '@/server/platform/operator-sessions';
import { ACTING_UNIT_COOKIE, parseCookies } from '@/server/shared/cookies';
import type { StoredFile } from '@/server/storage/store-upload';

/* ---------------------------------- CONTEXT ---------------------------------- */

export type Context = {
  session: SessionClaims | null;
  requestedUnitId: string | null;
  ip: string | null;
  /** Adds a Set-Cookie to the HTTP response; absent for server-side callers. */
  setCookie: ((cookie: string) => void) | null;
  /**
   * Files this server has just stored for a new letter. Set only by the upload route,
   * never from a request body, so a client cannot claim a file it did not upload.
   */
  uploads?: { letterId: string; files: StoredFile[] } | null;
};

const uuid = z.uuid();

export async function createContext(opts: {
  cookie: string | null;
  /** The client's address as the front door established it (server/http/front-door.ts). */
  clientAddress?: string | null;
  setCookie?: ((cookie: string) => void) | null;
}): Promise<Context> {
  const requested = parseCookies(opts.cookie)[ACTING_UNIT_COOKIE];
  return {
    session: await readSession(opts.cookie),
    requestedUnitId: requested && uuid.safeParse(requested).success ? requested : null,
    ip: opts.clientAddress ?? null,
    setCookie: opts.setCookie ?? null,
  };
}

/* ------------------------------- INITIALIZATION ------------------------------ */

const t = initTRPC.context<Context>().create({
  // Subscriptions (live updates, server/live/) are server-sent events: a comment every 15 s keeps
  // the connection open through proxies, and a stream ends after 10 minutes, so that the browser
  // connects again and the person and their session are checked anew.
  sse: { ping: { enabled: true, intervalMs: 15_000 }, maxDurationMs: 10 * 60_000, client: { reconnectAfterInactivityMs: 40_000 } },
  errorFormatter({ shape, error }) {
    const { messageKey, fieldErrors, params } = errorDetails(error);
    return {
      message: messageKey === 'internal' ? 'internal' : shape.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        messageKey,
        fieldErrors,
        params,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/* --------------------------------- PROCEDURES -------------------------------- */

/**
 * Every procedure: a failure because the database or the object store is down is answered
 * 503 naming what is unavailable (server/shared/outage.ts), not as an internal error; the
 * transaction has rolled back, so nothing is half-done.
 */
const base = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error instanceof AppError)) {
    const outage = outageOf(result.error.cause ?? result.error);
    if (outage) throw new AppError(outage);
  }
  return result;
});

export const publicProcedure = base;

/** Anyone signed in (agency user or platform operator). */
export const authedProcedure = base.use(({ ctx, next }) => {
  if (!ctx.session) throw new AppError('unauthorized');
  return next({ ctx: { session: ctx.session } });
});

type UserClaims = Extract<SessionClaims, { kind: 'user' }>;

/** The transaction scope of a signed-in person: their agency, themself, their session and the units this server knows they belong to. */
function personScope(claims: UserClaims) {
  return { tenantId: claims.tenantId, userId: claims.userId, session: sessionScope(claims.sid), units: knownUnits(claims.tenantId, claims.userId) };
}

/** What a person whose password was issued to them may do: see who they are, and choose their own. */
const BEFORE_OWN_PASSWORD = new Set(['me.get', 'me.changePassword']);

/**
 * The person as the database says now, their session alive, holding `permission` if one is
 * named; a person still holding an issued password may only change it (`path` is the procedure's).
 */
async function checkedViewer(db: TenantTx, claims: UserClaims, requestedUnitId: string | null, permission: Permission | null, path: string) {
  const viewer = await loadViewer(db, claims, requestedUnitId);
  if (!(await userSessionAlive(db, claims.tenantId, claims.sid))) throw new AppError('session_expired');
  if (viewer.user.mustChangePassword && !BEFORE_OWN_PASSWORD.has(path)) throw new AppError('password_change_required');
  if (permission && !viewer.permissions.has(permission)) throw new AppError('forbidden');
  return viewer;
}

/**
 * An agency user acting inside one transaction scoped to their tenant (RLS), holding
 * `permission` if one is named. The procedure's `db` is that transaction; an error
 * anywhere rolls everything back.
 */
function inTenant(permission: Permission | null) {
  return t.middleware(async ({ ctx, next, path }) => {
    const claims = ctx.session;
    if (!claims || claims.kind !== 'user') throw new AppError('unauthorized');
    return runInTenant(personScope(claims), async (db) => {
      const viewer = await checkedViewer(db, claims, ctx.requestedUnitId, permission, path);
      const result = await next({ ctx: { db, viewer, tenantId: claims.tenantId } });
      if (!result.ok) throw result.error;
      return result;
    });
  });
}

export const tenantProcedure = base.use(inTenant(null));

/** A tenant procedure that also requires one permission of the acting person (checked in the same step, one middleware). */
export function can(permission: Permission) {
  return base.use(inTenant(permission));
}

/**
 * The person and what they may do, checked in a short transaction that has ended before the
 * procedure runs: for slow work that needs no database (laying out a letter), so that it
 * holds no connection meanwhile. Such a procedure may open a transaction of its own.
 */
export function viewerCan(permission: Permission | null) {
  return base.use(async ({ ctx, next, path }) => {
    const claims = ctx.session;
    if (!claims || claims.kind !== 'user') throw new AppError('unauthorized');
    const viewer = await runInTenant(personScope(claims), (db) => checkedViewer(db, claims, ctx.requestedUnitId, permission, path));
    return next({ ctx: { viewer, tenantId: claims.tenantId } });
  });
}

const stepUpPassword = z.string().min(1).max(200);

/**
 * A tenant procedure whose input carries the person's password (`field`), re-checked
 * before its transaction opens (server/auth/step-up.ts): a wrong password ends the
 * request there, recorded, without the act's transaction ever being held.
 */
export function withStepUp<F extends string>(permission: Permission | null, purpose: string, field: F) {
  return base
    .input(z.object({ [field]: stepUpPassword } as Record<F, typeof stepUpPassword>))
    .use(async ({ ctx, input, next }) => {
      const claims = ctx.session;
      if (!claims || claims.kind !== 'user') throw new AppError('unauthorized');
      await verifyStepUp(claims, (input as Record<string, string>)[field]!, purpose, ctx.ip);
      return next();
    })
    .use(inTenant(permission));
}

/**
 * A tenant procedure about the person's classified passphrase: refused while guessing is
 * throttled (checked before its transaction opens), and, when its input reports an unlock
 * (`ok`), counted after the transaction has committed.
 */
export function passphraseGuarded() {
  return base
    .use(async ({ ctx, next, getRawInput }) => {
      const claims = ctx.session;
      if (!claims || claims.kind !== 'user') throw new AppError('unauthorized');
      await refuseWhileThrottled(claims, ctx.ip);
      const result = await next();
      const raw = await getRawInput() as { ok?: unknown } | undefined;
      if (result.ok && typeof raw?.ok === 'boolean') await countUnlock(claims, ctx.ip, raw.ok);
      return result;
    })
    .use(inTenant(null));
}

/** Platform operators only: provisioning, never an agency's letters. */
export const operatorProcedure = base.use(async ({ ctx, next }) => {
  const claims = ctx.session;
  if (!claims) throw new AppError('unauthorized');
  if (claims.kind !== 'operator') throw new AppError('forbidden');
  const operator = await findOperatorBySession(claims.operatorId, claims.sid, operatorSessionLimits());
  if (!operator || operator.status !== 'active' || operator.sessionVersion !== claims.sv) {
    throw new AppError('session_expired');
  }
  return next({ ctx: { operator } });
});
