import { actorOf } from '@/server/audit/actor';
import { createUnit } from '@/server/units/create-unit';
import { listUnits } from '@/server/units/list-units';
import { createUnitInput, updateUnitInput } from '@/server/units/units.schema';
import { updateUnit } from '@/server/units/update-unit';
import { can, router, tenantProcedure } from '@/server/trpc';

export const unitsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listUnits(ctx.db, ctx.tenantId)),
  create: can('admin').input(createUnitInput).mutation(({ ctx, input }) => createUnit(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
  update: can('admin').input(updateUnitInput).mutation(({ ctx, input }) => updateUnit(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
});
