import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { outgoingLetters, outgoingVersions } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { draftContent } from '@/core/draft-content';
import { letterKinds } from '@/core/letters';

import { checkReplyTo } from './drafts';

export const createDraftInput = z.object({ kind: z.enum(letterKinds), content: draftContent });

/** A new draft owned by the person, for the unit they act for (ส่วนราชการเจ้าของเรื่อง): version 1. */
export async function createDraft(tx: TenantTx, viewer: Viewer, input: z.infer<typeof createDraftInput>) {
  const tenantId = viewer.tenant.id;
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  await checkReplyTo(tx, tenantId, input.content);
  const id = randomUUID();
  const c = input.content;
  await tx.insert(outgoingLetters).values({
    tenantId, id, unitId: viewer.actingUnitId, kind: input.kind, subject: c.subject, urgency: c.urgency, secrecy: c.secrecy,
    circular: c.circular, replyToLetterId: c.replyToLetterId, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh,
  });
  await tx.insert(outgoingVersions).values({ tenantId, letterId: id, version: 1, content: c, createdBy: viewer.user.id, createdByName: viewer.user.fullNameTh });
  await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'outgoing.drafted', targetType: 'outgoing', targetId: id, data: { kind: input.kind, subject: c.subject } });
  return { id, version: 1 };
}
