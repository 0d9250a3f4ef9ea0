import { listAudit, listAuditInput } from '@/server/audit/list-audit';
import { can, router } from '@/server/trpc';

export const auditRouter = router({
  list: can('admin').input(listAuditInput).query(({ ctx, input }) => listAudit(ctx.db, ctx.tenantId, input)),
});
