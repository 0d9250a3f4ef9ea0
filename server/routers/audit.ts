import { lastChainCheck } from '@/server/audit/audit-chain';
import { listAudit, listAuditInput } from '@/server/audit/list-audit';
import { enqueue } from '@/server/queue/enqueue';
import { can, router } from '@/server/trpc';

export const auditRouter = router({
  list: can('admin').input(listAuditInput).query(({ ctx, input }) => listAudit(ctx.db, ctx.tenantId, input)),
  /** The last verification of the agency's audit chain (daily, or when asked). */
  chain: can('admin').query(({ ctx }) => lastChainCheck(ctx.db, ctx.tenantId)),
  /** Verifies the chain now, in the background (its result replaces the last one). */
  checkChain: can('admin').mutation(async ({ ctx }) => {
    await enqueue(ctx.db, 'audit.verify', {}, { jobKey: `audit-verify:${ctx.tenantId}`, maxAttempts: 3 });
    return { queued: true };
  }),
});
