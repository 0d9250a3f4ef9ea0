import { actorOf } from '@/server/audit/actor';
import { createPerson } from '@/server/people/create-person';
import { decideClearance, decideClearanceInput, listClearanceRequests } from '@/server/people/decide-clearance';
import { getPerson } from '@/server/people/get-person';
import { listPeople } from '@/server/people/list-people';
import {
  createPersonInput, personIdInput, resetPasswordInput, setClearanceInput, setMembershipsInput,
  setPermissionsInput, setPersonStatusInput, updatePersonInput,
} from '@/server/people/people.schema';
import { resetPassword } from '@/server/people/reset-password';
import { setClearance } from '@/server/people/set-clearance';
import { setMemberships } from '@/server/people/set-memberships';
import { setPermissions } from '@/server/people/set-permissions';
import { setPersonStatus } from '@/server/people/set-person-status';
import { updatePerson } from '@/server/people/update-person';
import { can, router, tenantProcedure } from '@/server/trpc';

const admin = can('admin');

export const peopleRouter = router({
  list: admin.query(({ ctx }) => listPeople(ctx.db, ctx.tenantId)),
  get: admin.input(personIdInput).query(({ ctx, input }) => getPerson(ctx.db, ctx.tenantId, input.userId)),
  create: admin.input(createPersonInput).mutation(({ ctx, input }) => createPerson(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
  update: admin.input(updatePersonInput).mutation(({ ctx, input }) => updatePerson(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
  setStatus: admin.input(setPersonStatusInput).mutation(({ ctx, input }) => setPersonStatus(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
  resetPassword: admin.input(resetPasswordInput).mutation(({ ctx, input }) => resetPassword(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
  setMemberships: admin.input(setMembershipsInput).mutation(({ ctx, input }) => setMemberships(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
  setPermissions: admin.input(setPermissionsInput).mutation(({ ctx, input }) => setPermissions(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
  /** Lowering takes effect at once; raising becomes a request another person approves. */
  setClearance: admin.input(setClearanceInput).mutation(({ ctx, input }) => setClearance(ctx.db, ctx.viewer, input)),
  clearanceRequests: tenantProcedure.query(({ ctx }) => listClearanceRequests(ctx.db, ctx.viewer)),
  decideClearance: tenantProcedure.input(decideClearanceInput).mutation(({ ctx, input }) => decideClearance(ctx.db, ctx.viewer, input)),
});
