import { listAgenciesForOperator } from '@/server/platform/agencies';
import { backupScheduleInput, backupStatus, requestBackup, saveBackupSchedule } from '@/server/platform/backup-schedule';
import { createAgency } from '@/server/platform/create-agency';
import { createAgencyInput } from '@/server/platform/create-agency.schema';
import { setAgencyStatus, setAgencyStatusInput } from '@/server/platform/set-agency-status';
import { operatorProcedure, router } from '@/server/trpc';

export const platformRouter = router({
  me: operatorProcedure.query(({ ctx }) => ({ id: ctx.operator.id, fullName: ctx.operator.fullName, username: ctx.operator.username })),
  agencies: operatorProcedure.query(() => listAgenciesForOperator()),
  createAgency: operatorProcedure.input(createAgencyInput).mutation(({ ctx, input }) => createAgency(ctx.operator, input)),
  setAgencyStatus: operatorProcedure.input(setAgencyStatusInput).mutation(({ ctx, input }) => setAgencyStatus(ctx.operator, input)),
  backupStatus: operatorProcedure.query(() => backupStatus()),
  saveBackupSchedule: operatorProcedure.input(backupScheduleInput).mutation(({ ctx, input }) => saveBackupSchedule(ctx.operator, input)),
  requestBackup: operatorProcedure.mutation(({ ctx }) => requestBackup(ctx.operator)),
});
