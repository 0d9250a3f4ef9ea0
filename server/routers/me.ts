import { z } from 'zod';
import { changeOwnPassword, changeOwnPasswordInput } from '@/server/auth/change-own-password';
import { AppError } from '@/core/errors';
import { viewerMayApprove } from '@/server/people/decide-clearance';
import { env } from '@/core/env';
import { ACTING_UNIT_COOKIE, serverCookie } from '@/server/shared/cookies';
import { id } from '@/server/shared/fields';
import { router, tenantProcedure, withStepUp } from '@/server/trpc';

export const meRouter = router({
  get: tenantProcedure.query(async ({ ctx }) => {
    const { user, tenant, memberships, actingUnitId, permissions } = ctx.viewer;
    return {
      mayApproveClearance: await viewerMayApprove(ctx.db, ctx.viewer),
      user: {
        id: user.id, username: user.username, fullNameTh: user.fullNameTh, fullNameEn: user.fullNameEn,
        position: user.position, clearance: user.clearance, classifiedAppointed: user.classifiedAppointed,
      },
      agency: {
        id: tenant.id, code: tenant.code, nameTh: tenant.nameTh, nameEn: tenant.nameEn,
        ministryCode: tenant.ministryCode, ownerNumber: tenant.ownerNumber, settings: tenant.settings, email: tenant.email, phone: tenant.phone,
      },
      memberships,
      actingUnitId,
      permissions: [...permissions].sort(),
    };
  }),

  /** Chooses the unit the person acts for; what they create belongs to it. */
  setActingUnit: tenantProcedure.input(z.object({ unitId: id })).mutation(({ ctx, input }) => {
    if (!ctx.viewer.memberships.some((m) => m.unitId === input.unitId)) throw new AppError('not_found');
    const secure = env().NEXTAUTH_URL?.startsWith('https://') ?? false;
    ctx.setCookie?.(serverCookie(ACTING_UNIT_COOKIE, input.unitId, 60 * 60 * 24 * 365, secure));
    return { actingUnitId: input.unitId };
  }),

  /** The password alone, re-checked (a client confirming the person before an act of its own). */
  stepUp: withStepUp(null, 'confirm', 'password')
    .mutation(() => ({ verifiedAt: new Date() })),

  changePassword: withStepUp(null, 'change_password', 'currentPassword').input(changeOwnPasswordInput)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.db, ctx.viewer, input)),
});
