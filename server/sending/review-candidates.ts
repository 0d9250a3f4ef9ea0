import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { listActivePeople } from '@/server/people/list-active-people';
import { listSigners } from './signers';

/** Who can review and sign a draft: the agency's active people (a signer's right is checked on submit). */
export function listReviewCandidates(tx: TenantTx, viewer: Viewer) {
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  return listActivePeople(tx, viewer.tenant.id);
}

/** Whom a draft's owner may choose to sign: those with the right, the agency's chain first. */
export function listSignerCandidates(tx: TenantTx, viewer: Viewer) {
  if (!viewer.actingUnitId) throw new AppError('forbidden');
  return listSigners(tx, viewer.tenant.id, viewer.tenant.settings.reviewChain?.signerId);
}
