import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { disposalItems, disposalLists, objectRemovals } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { systemActor } from '@/server/audit/actor';
import { recordAudits } from '@/server/audit/record-audit';
import { enqueue } from '@/server/queue/enqueue';
import { bucket, s3 } from '@/server/storage/s3';

/** Lines destroyed per transaction. */
const BATCH = 100;

/**
 * The destruction of a reviewed list (the job disposal.destroy): line by line as decided, each
 * through app_destroy_letter (0057_keeping.sql), which refuses a held, permanent or active letter
 * whatever the list says; a batch per transaction, so a job killed half-way goes on where it
 * stopped. The objects are removed from the store after the rows that named them are gone
 * (removeDestroyedObjects). A line not destroyed keeps why, and its letter is free for next year's list.
 */
export async function destroyDisposalList({ tenantId, listId }: { tenantId: string; listId: string }) {
  const scope = { tenantId, userId: null, system: true } as const;
  const [list] = await runInTenant(scope, (tx) => tx.select().from(disposalLists).where(and(eq(disposalLists.tenantId, tenantId), eq(disposalLists.id, listId))));
  if (!list || list.state !== 'destroying') return;
  let after = 0;
  for (;;) {
    const batch = await runInTenant(scope, async (tx) => {
      const lines = await tx.select({ line: disposalItems.line, letterId: disposalItems.letterId, direction: disposalItems.direction, decidedByName: disposalItems.decidedByName, decidedAt: disposalItems.decidedAt }).from(disposalItems)
        .where(and(eq(disposalItems.tenantId, tenantId), eq(disposalItems.listId, listId), gt(disposalItems.line, after), eq(disposalItems.decision, 'destroy'),
          isNull(disposalItems.destroyedAt), isNull(disposalItems.skippedReason)))
        .orderBy(asc(disposalItems.line)).limit(BATCH);
      const destroyed: typeof lines = [];
      for (const item of lines) {
        const [{ outcome }] = await tx.execute<{ outcome: string }>(sql`select app_destroy_letter(${listId}, ${item.line}) as outcome`) as unknown as [{ outcome: string }];
        if (outcome === 'destroyed') destroyed.push(item);
        else {
          await tx.update(disposalItems).set({ skippedReason: outcome })
            .where(and(eq(disposalItems.tenantId, tenantId), eq(disposalItems.listId, listId), eq(disposalItems.line, item.line)));
          // Not destroyed now: off this list, so that it comes up again when it is due and free.
          await tx.execute(sql`update letter_keeping set disposal_list_id = null
            where tenant_id = ${tenantId} and letter_id = ${item.letterId} and disposal_list_id = ${listId} and destroyed_at is null`);
        }
      }
      if (destroyed.length > 0) {
        await tx.update(disposalLists).set({ destroyedCount: sql`${disposalLists.destroyedCount} + ${destroyed.length}` })
          .where(and(eq(disposalLists.tenantId, tenantId), eq(disposalLists.id, listId)));
        await recordAudits(tx, tenantId, destroyed.map((d) => ({
          actor: systemActor(), action: 'letter.destroyed' as const, targetType: d.direction === 'incoming' ? 'letter' as const : 'outgoing' as const,
          targetId: d.letterId, data: { listId, year: list.year + 543, line: d.line, decidedBy: d.decidedByName, decidedAt: d.decidedAt?.toISOString() ?? null, reviewedBy: list.reviewReference },
        })));
        await enqueue(tx, 'keeping.remove-objects', {}, { jobKey: `remove-objects:${tenantId}` });
      }
      return lines;
    });
    if (batch.length === 0) break;
    after = batch.at(-1)!.line;
  }
  await runInTenant(scope, async (tx) => {
    await tx.update(disposalLists).set({ state: 'done', doneAt: new Date(), documentVersion: sql`${disposalLists.documentVersion} + 1` })
      .where(and(eq(disposalLists.tenantId, tenantId), eq(disposalLists.id, listId), eq(disposalLists.state, 'destroying')));
    // Kept longer by the committee or the National Archives, or skipped: none is on the list any more.
    await tx.execute(sql`update letter_keeping set disposal_list_id = null where tenant_id = ${tenantId} and disposal_list_id = ${listId} and destroyed_at is null`);
    await recordAudits(tx, tenantId, [{ actor: systemActor(), action: 'disposal.destroyed', targetType: 'disposal', targetId: listId, data: { year: list.year } }]);
    await enqueue(tx, 'disposal.document', { listId }, { jobKey: `disposal-document:${listId}` });
  });
}

/**
 * Removes the objects of destroyed letters from the store (the job keeping.remove-objects): a
 * signed file shared between agencies only when no agency's row names it any more. A row is
 * deleted after its object is, so a job that dies half-way removes the rest next time.
 */
export async function removeDestroyedObjects({ tenantId }: { tenantId: string }) {
  const scope = { tenantId, userId: null, system: true } as const;
  for (;;) {
    const keys = await runInTenant(scope, (tx) => tx.select({ key: objectRemovals.objectKey, inUse: sql<boolean>`app_shared_object_in_use(${objectRemovals.objectKey})` })
      .from(objectRemovals).where(eq(objectRemovals.tenantId, tenantId)).orderBy(asc(objectRemovals.objectKey)).limit(500));
    if (keys.length === 0) return;
    const remove = keys.filter((k) => !k.inUse).map((k) => k.key);
    if (remove.length > 0) {
      const result = await s3().send(new DeleteObjectsCommand({ Bucket: bucket(), Delete: { Objects: remove.map((Key) => ({ Key })), Quiet: true } }));
      if (result.Errors && result.Errors.length > 0) throw new Error(`the store refused to remove ${result.Errors.length} object(s): ${result.Errors[0]?.Code ?? ''}`);
    }
    await runInTenant(scope, (tx) => tx.delete(objectRemovals).where(and(eq(objectRemovals.tenantId, tenantId), inArray(objectRemovals.objectKey, keys.map((k) => k.key)))));
  }
}
