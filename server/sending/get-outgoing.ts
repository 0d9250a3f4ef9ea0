import { and, asc, desc, eq } from 'drizzle-orm';
import { deliveries, draftComments, outgoingFiles, outgoingLetters, outgoingVersions, reviewSteps } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { rootUnit } from '@/server/units/find-unit';
import { actsForUnit, mayEdit, mayReview, mayRevise, maySend, maySign, maySubmit, personFacts } from './sending-rules';

/** Everything the letter's page shows: the current content, versions, the chain, comments, files and delivery records. */
export async function getOutgoing(tx: TenantTx, viewer: Viewer, letterId: string, version?: number) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select().from(outgoingLetters).where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letterId)));
  if (!letter) throw new AppError('not_found');
  const shown = version ?? letter.version;
  const [versions, content, steps, comments, files, sent] = await Promise.all([
    tx.select({ version: outgoingVersions.version, note: outgoingVersions.note, createdByName: outgoingVersions.createdByName, createdAt: outgoingVersions.createdAt })
      .from(outgoingVersions).where(and(eq(outgoingVersions.tenantId, tenantId), eq(outgoingVersions.letterId, letterId))).orderBy(desc(outgoingVersions.version)),
    tx.select({ content: outgoingVersions.content, sealedContent: outgoingVersions.sealedContent }).from(outgoingVersions)
      .where(and(eq(outgoingVersions.tenantId, tenantId), eq(outgoingVersions.letterId, letterId), eq(outgoingVersions.version, shown))),
    tx.select().from(reviewSteps).where(and(eq(reviewSteps.tenantId, tenantId), eq(reviewSteps.letterId, letterId))).orderBy(asc(reviewSteps.round), asc(reviewSteps.position)),
    tx.select().from(draftComments).where(and(eq(draftComments.tenantId, tenantId), eq(draftComments.letterId, letterId))).orderBy(asc(draftComments.createdAt)),
    tx.select({ id: outgoingFiles.id, kind: outgoingFiles.kind, fileName: outgoingFiles.fileName, size: outgoingFiles.size, sha256: outgoingFiles.sha256, sealed: outgoingFiles.sealed })
      .from(outgoingFiles).where(and(eq(outgoingFiles.tenantId, tenantId), eq(outgoingFiles.letterId, letterId))).orderBy(asc(outgoingFiles.createdAt)),
    tx.select().from(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.outgoingLetterId, letterId))).orderBy(asc(deliveries.recipientName)),
  ]);
  if (!content[0]) throw new AppError('not_found');
  const lastRound = steps.reduce((m, s) => Math.max(m, s.round), 0);
  const current = steps.find((s) => s.state === 'current') ?? null;
  const person = personFacts(viewer);
  return {
    // A classified letter's content comes sealed, for the reader's browser to open.
    letter, content: content[0].content, sealedContent: content[0].sealedContent, shownVersion: shown, versions, comments, files,
    steps: steps.filter((s) => s.round === lastRound), earlierSteps: steps.filter((s) => s.round < lastRound),
    deliveries: sent.map(({ letter: _letter, ...d }) => d),
    can: {
      edit: mayEdit(letter, viewer.user.id, current),
      submit: maySubmit(letter, viewer.user.id),
      review: mayReview(letter, viewer.user.id, current),
      sign: maySign(letter, person, current),
      revise: mayRevise(letter, viewer.user.id),
      send: maySend(letter, person, await rootUnit(tx, tenantId)),
      /** Withdraw or send again what went through the exchange. */
      redeliver: person.mayAct('send') && actsForUnit(letter, person, await rootUnit(tx, tenantId)),
    },
  };
}
