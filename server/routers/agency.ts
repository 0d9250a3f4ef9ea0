import { actorOf } from '@/server/audit/actor';
import { reviewChainInput, setReviewChain } from '@/server/sending/review-chain';
import { currentCertificate, importCertificate, importCertificateInput } from '@/server/signing/import-certificate';
import { listAgencyDirectory } from '@/server/tenancy/agency-directory';
import { listSigners } from '@/server/sending/signers';
import { updateAgencySettings, updateAgencySettingsInput } from '@/server/tenancy/update-agency-settings';
import { can, router, tenantProcedure } from '@/server/trpc';

export const agencyRouter = router({
  get: tenantProcedure.query(({ ctx }) => {
    const { id, code, nameTh, nameEn, ministryCode, ownerNumber, address, phone, email, settings } = ctx.viewer.tenant;
    return { id, code, nameTh, nameEn, ministryCode, ownerNumber, address, phone, email, settings };
  }),
  updateSettings: can('admin').input(updateAgencySettingsInput)
    .mutation(({ ctx, input }) => updateAgencySettings(ctx.db, ctx.tenantId, actorOf(ctx.viewer), input)),
  /** The signing certificate letters are signed with (admin), and importing the agency's own. */
  certificate: can('admin').query(({ ctx }) => currentCertificate(ctx.db, ctx.tenantId)),
  importCertificate: can('admin').input(importCertificateInput).mutation(({ ctx, input }) => importCertificate(ctx.db, ctx.viewer, input)),
  /** Who may be the default chain's signer (admin). */
  signers: can('admin').query(({ ctx }) => listSigners(ctx.db, ctx.viewer.tenant.id, ctx.viewer.tenant.settings.reviewChain?.signerId)),
  setReviewChain: can('admin').input(reviewChainInput).mutation(({ ctx, input }) => setReviewChain(ctx.db, ctx.viewer, input)),
  /** Agencies on the platform (for addressing letters): the public directory, read in the agency's own transaction. */
  directory: tenantProcedure.query(({ ctx }) => listAgencyDirectory(ctx.db)),
});
