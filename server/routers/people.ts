import { actorOf } from '@/server/audit/actor';
import { createPerson } from '@/server/people/create-person';
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
import { can, router } from '@/server/trpc';

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
  setClearance: admin.input(setClearanceInput).mutation(({ ctx, input }) => setClearance(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
});
