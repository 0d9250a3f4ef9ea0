import { actingUnitInput, chooseActingUnit, describeViewer } from '@/server/auth/acting-unit';
import { changeOwnPassword, changeOwnPasswordInput } from '@/server/auth/change-own-password';
import { mayApproveClearance } from '@/server/people/decide-clearance';
import { mayOpenKeeping } from '@/server/keeping/access';
import { router, tenantProcedure, withStepUp } from '@/server/trpc';

export const meRouter = router({
  get: tenantProcedure.query(async ({ ctx }) => ({ ...describeViewer(ctx.viewer, mayApproveClearance(ctx.viewer)), mayKeep: await mayOpenKeeping(ctx.db, ctx.viewer) })),
  /** Chooses the unit the person acts for; what they create belongs to it. */
  setActingUnit: tenantProcedure.input(actingUnitInput).mutation(({ ctx, input }) => chooseActingUnit(ctx.viewer, input, ctx.setCookie)),

  /** The password alone, re-checked (a client confirming the person before an act of its own). */
  stepUp: withStepUp(null, 'confirm', 'password')
    .mutation(() => ({ verifiedAt: new Date() })),

  changePassword: withStepUp(null, 'change_password', 'currentPassword').input(changeOwnPasswordInput)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.db, ctx.viewer, input)),
});
