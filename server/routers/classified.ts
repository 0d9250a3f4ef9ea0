import { z } from 'zod';
import { secrecies } from '@/core/letters';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import {
  classifiedReaders, myClassifiedKey, setUpKeyInput, setUpMyKey, setUpRecoveryKey, setUpRecoveryKeyInput,
} from '@/server/classified/keys';
import { keysForSending } from '@/server/classified/agency-keys';
import { accessRegisterInput, listClassifiedAccess } from '@/server/classified/access-register';
import { classifiedAccessInput, letterKeysInput, myLetterKey, myLetterKeys, recordClassifiedAccess } from '@/server/classified/letter-keys';
import { listRecoveryWork, nextRecoveryBatch, recoverInput, recoverKeys, recoveryBatchInput } from '@/server/classified/recover-keys';
import { myOutgoingKey } from '@/server/classified/sealed-drafts';
import { passphraseGuarded, router, tenantProcedure, withStepUp } from '@/server/trpc';

/**
 * Keys of classified letters (docs/classified.md): the person's own sealed key pair, the
 * agency's recovery key, the wrapped content key of a letter, whom a letter can be given
 * to, and what a reader's browser did with a letter. No procedure here sees plaintext.
 */
export const classifiedRouter = router({
  /** Whether the person is appointed and has a key, with its fingerprint; the agency's recovery key. */
  status: tenantProcedure.query(async ({ ctx }) => {
    const { key, ...rest } = await myClassifiedKey(ctx.db, ctx.viewer);
    return { ...rest, key: key ? { id: key.id, fingerprint: key.fingerprint, createdAt: key.createdAt } : null };
  }),
  /** The person's sealed private key, for their browser to unlock; refused while guessing is throttled. */
  sealedKey: passphraseGuarded().query(async ({ ctx }) => {
    const { key, owner } = await myClassifiedKey(ctx.db, ctx.viewer);
    return { owner, key };
  }),
  /** The browser reports an unlock attempt: audited, and a failure counts towards the throttle. */
  unlockResult: passphraseGuarded().input(z.object({ ok: z.boolean() })).mutation(async ({ ctx, input }) => {
    await recordAudit(ctx.db, ctx.tenantId, {
      actor: actorOf(ctx.viewer), action: input.ok ? 'classified.unlocked' : 'classified.unlock_failed', targetType: 'user', targetId: ctx.viewer.user.id, ip: ctx.ip,
    });
    return { ok: input.ok };
  }),
  /** Sets up or replaces the person's key pair (made in their browser); their sign-in password is re-checked first. */
  setUpKey: withStepUp(null, 'classified_key', 'password').input(setUpKeyInput)
    .mutation(({ ctx, input }) => setUpMyKey(ctx.db, ctx.viewer, input)),
  setUpRecoveryKey: withStepUp(null, 'classified_recovery_key', 'password').input(setUpRecoveryKeyInput)
    .mutation(({ ctx, input }) => setUpRecoveryKey(ctx.db, ctx.viewer, input)),
  /** Appointed, cleared people with a key who may be given a letter of this secrecy (for routing). */
  readers: tenantProcedure.input(z.object({ secrecy: z.enum(secrecies) })).query(({ ctx, input }) => classifiedReaders(ctx.db, ctx.tenantId, input.secrecy)),
  /** The viewer's keys for the classified letters of one list page (their subjects shown in their browser). */
  letterKeys: tenantProcedure.input(letterKeysInput).query(({ ctx, input }) => myLetterKeys(ctx.db, ctx.viewer, input)),
  /** The viewer's wrapped key for a classified outgoing letter (its draft, review and signed copy). */
  outgoingKey: tenantProcedure.input(z.object({ letterId: z.uuid() })).query(({ ctx, input }) => myOutgoingKey(ctx.db, ctx.viewer, input.letterId)),
  /** The receiving agencies' keys for a signed classified letter about to be sent (the platform directory). */
  sendingKeys: tenantProcedure.input(z.object({ letterId: z.uuid() })).query(({ ctx, input }) => keysForSending(ctx.db, ctx.viewer, input.letterId)),
  letterKey: tenantProcedure.input(z.object({ letterId: z.uuid() })).query(({ ctx, input }) => myLetterKey(ctx.db, ctx.viewer, input.letterId)),
  /** Recovery (forgotten passphrase), for the head of agency or the classified-documents registrar holding the printed recovery key. */
  recoveryWork: tenantProcedure.query(({ ctx }) => listRecoveryWork(ctx.db, ctx.viewer)),
  recoveryBatch: tenantProcedure.input(recoveryBatchInput).query(({ ctx, input }) => nextRecoveryBatch(ctx.db, ctx.viewer, input)),
  recover: tenantProcedure.input(recoverInput).mutation(({ ctx, input }) => recoverKeys(ctx.db, ctx.viewer, input)),
  /** The register of acts on classified letters, for the classified-documents registrar and the head of agency. */
  accessRegister: tenantProcedure.input(accessRegisterInput).query(({ ctx, input }) => listClassifiedAccess(ctx.db, ctx.viewer, input)),
  recordAccess: tenantProcedure.input(classifiedAccessInput).mutation(({ ctx, input }) => recordClassifiedAccess(ctx.db, ctx.viewer, input, ctx.ip)),
});
