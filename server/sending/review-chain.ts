import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { tenants } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { peopleWith } from './review';

export const reviewChainInput = z.object({ reviewers: z.array(z.uuid()).max(10), signerId: z.uuid().nullable() });

/** The admin sets the chain new drafts are offered: reviewers in order and the signer (checked as on submission). */
export async function setReviewChain(tx: TenantTx, viewer: Viewer, input: z.infer<typeof reviewChainInput>) {
  const tenantId = viewer.tenant.id;
  const ids = [...new Set([...input.reviewers, ...(input.signerId ? [input.signerId] : [])])];
  const people = ids.length > 0 ? await peopleWith(tx, tenantId, ids) : new Map();
  for (const id of ids) if (people.get(id)?.status !== 'active') throw new AppError('reviewer_unavailable');
  if (input.signerId && !people.get(input.signerId)!.canSign) throw new AppError('signer_without_right');
  const [current] = await tx.select({ settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  await tx.update(tenants).set({ settings: { ...current!.settings, reviewChain: input } }).where(eq(tenants.id, tenantId));
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'agency.review_chain_set', targetType: 'tenant', targetId: tenantId, data: input });
  return { ok: true };
}
