import { z } from 'zod';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { draftContent } from '@/core/draft-content';
import { letterKinds } from '@/core/letters';

import { canOpenSecrecy } from '@/server/auth/permissions';
import { isClassified } from '@/server/classified/letter-keys';
import { newSealingField } from '@/server/classified/sealed-drafts';
import { checkReplyTo, startDraft } from './drafts';

export const createDraftInput = z.object({
  kind: z.enum(letterKinds),
  content: draftContent,
  /** A classified draft's sealing, made in the browser (server/classified/sealed-drafts.ts). */
  sealing: newSealingField.optional(),
});

/** A new draft owned by the person, for the unit they act for (ส่วนราชการเจ้าของเรื่อง): version 1. */
export async function createDraft(tx: TenantTx, viewer: Viewer, input: z.infer<typeof createDraftInput>) {
  const tenantId = viewer.tenant.id;
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  await checkReplyTo(tx, tenantId, input.content);
  const c = input.content;
  if (isClassified(c.secrecy) && !canOpenSecrecy(viewer.user, c.secrecy)) throw new AppError('clearance_required');
  const { id, subject } = await startDraft(tx, viewer, { unitId: viewer.actingUnitId, kind: input.kind, content: c, sealing: input.sealing });
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'outgoing.drafted', targetType: 'outgoing', targetId: id, data: { kind: input.kind, subject },
  });
  return { id, version: 1 };
}
