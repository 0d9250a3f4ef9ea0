import { initTRPC } from '@trpc/server';
import { z } from 'zod';
import type { Permission } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { loadViewer } from '@/server/auth/load-viewer';
import { readSession } from '@/server/auth/read-session';
import type { SessionClaims } from '@/server/auth/session-claims';
import { AppError, errorDetails } from '@/server/errors';
import { findOperatorById } from '@/server/platform/operators';
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
  forwardedFor?: string | null;
  setCookie?: ((cookie: string) => void) | null;
}): Promise<Context> {
  const requested = parseCookies(opts.cookie)[ACTING_UNIT_COOKIE];
  return {
    session: await readSession(opts.cookie),
    requestedUnitId: requested && uuid.safeParse(requested).success ? requested : null,
    ip: opts.forwardedFor?.split(',')[0]?.trim() ?? null,
    setCookie: opts.setCookie ?? null,
  };
}

/* ------------------------------- INITIALIZATION ------------------------------ */

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const { messageKey, fieldErrors } = errorDetails(error);
    return {
      message: messageKey === 'internal' ? 'internal' : shape.message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        messageKey,
        fieldErrors,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/* --------------------------------- PROCEDURES -------------------------------- */

export const publicProcedure = t.procedure;

/** Anyone signed in (agency user or platform operator). */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new AppError('unauthorized');
  return next({ ctx: { session: ctx.session } });
});

/**
 * An agency user acting inside one transaction scoped to their tenant (RLS), holding
 * `permission` if one is named. The procedure's `db` is that transaction; an error
 * anywhere rolls everything back.
 */
function inTenant(permission: Permission | null) {
  return t.procedure.use(async ({ ctx, next }) => {
    const claims = ctx.session;
    if (!claims || claims.kind !== 'user') throw new AppError('unauthorized');
    return runInTenant({ tenantId: claims.tenantId, userId: claims.userId }, async (db) => {
      const viewer = await loadViewer(db, claims, ctx.requestedUnitId);
      if (permission && !viewer.permissions.has(permission)) throw new AppError('forbidden');
      const result = await next({ ctx: { db, viewer, tenantId: claims.tenantId } });
      if (!result.ok) throw result.error;
      return result;
    });
  });
}

export const tenantProcedure = inTenant(null);

/** A tenant procedure that also requires one permission of the acting person (checked in the same step, one middleware). */
export function can(permission: Permission) {
  return inTenant(permission);
}

/** Platform operators only: provisioning, never an agency's letters. */
export const operatorProcedure = t.procedure.use(async ({ ctx, next }) => {
  const claims = ctx.session;
  if (!claims) throw new AppError('unauthorized');
  if (claims.kind !== 'operator') throw new AppError('forbidden');
  const operator = await findOperatorById(claims.operatorId);
  if (!operator || operator.status !== 'active' || operator.sessionVersion !== claims.sv) {
    throw new AppError('session_expired');
  }
  return next({ ctx: { operator } });
});
