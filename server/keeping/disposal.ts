import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { disposalCommittee, disposalItems, disposalLists, letterKeeping, notifications, users } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { committeeProblem, disposalDeadline, yearHasEnded } from '@/core/keeping';
import { AppError } from '@/core/errors';
import { actorOf, systemActor } from '@/server/audit/actor';
import { recordAudit, type AuditActor } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { enqueue } from '@/server/queue/enqueue';
import { todayInBangkok } from '@/server/shared/letter-date';
import { isHead, isKeeper, requireKeeper } from './access';

/**
 * The yearly disposal list (บัญชีหนังสือขอทำลาย, ระเบียบฯ ข้อ ๖๖–๖๙): prepared from the letters whose
 * keeping ended by 31 December, its committee appointed by the head of the agency, decided item by
 * item, sent to the National Archives, its review recorded, then destroyed as decided (destroy.ts).
 * Each step checks the one before; the list and its lines are never deleted.
 */

export const listIdInput = z.object({ listId: z.uuid() });

type ListRow = typeof disposalLists.$inferSelect;

/** Whom a list concerns: its keepers, the head, and its committee. */
async function listFor(tx: TenantTx, viewer: Viewer, listId: string, lock = false) {
  const query = tx.select().from(disposalLists).where(and(eq(disposalLists.tenantId, viewer.tenant.id), eq(disposalLists.id, listId)));
  const [list] = lock ? await query.for('update') : await query;
  if (!list) throw new AppError('not_found');
  const committee = await tx.select().from(disposalCommittee)
    .where(and(eq(disposalCommittee.tenantId, viewer.tenant.id), eq(disposalCommittee.listId, listId))).orderBy(asc(disposalCommittee.role), asc(disposalCommittee.name));
  const onCommittee = committee.some((m) => m.userId === viewer.user.id);
  if (!isKeeper(viewer) && !isHead(viewer) && !onCommittee) throw new AppError('forbidden');
  return { list, committee, onCommittee };
}

function requireState(list: ListRow, ...states: ListRow['state'][]) {
  if (!states.includes(list.state)) throw new AppError('disposal_wrong_step');
}

/** The agency's lists, newest year first (one a year), for whoever may see them. */
export async function listDisposalLists(tx: TenantTx, viewer: Viewer) {
  const lists = await tx.select().from(disposalLists).where(eq(disposalLists.tenantId, viewer.tenant.id)).orderBy(desc(disposalLists.year)).limit(100);
  if (isKeeper(viewer) || isHead(viewer)) return lists;
  const mine = await tx.select({ listId: disposalCommittee.listId }).from(disposalCommittee)
    .where(and(eq(disposalCommittee.tenantId, viewer.tenant.id), eq(disposalCommittee.userId, viewer.user.id)));
  const ids = new Set(mine.map((m) => m.listId));
  return lists.filter((l) => ids.has(l.id));
}

export async function getDisposalList(tx: TenantTx, viewer: Viewer, listId: string) {
  const { list, committee, onCommittee } = await listFor(tx, viewer, listId);
  return { list, committee, may: { appoint: isHead(viewer), decide: onCommittee, keep: isKeeper(viewer) } };
}

export const itemsInput = listIdInput.extend({
  after: z.number().int().min(0).default(0),
  undecided: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});

/** A page of the list's lines, by line number (its primary key); the undecided ones through their own index. */
export async function listDisposalItems(tx: TenantTx, viewer: Viewer, input: z.infer<typeof itemsInput>) {
  await listFor(tx, viewer, input.listId);
  const rows = await tx.select().from(disposalItems)
    .where(and(eq(disposalItems.tenantId, viewer.tenant.id), eq(disposalItems.listId, input.listId), gt(disposalItems.line, input.after),
      input.undecided ? isNull(disposalItems.decision) : undefined))
    .orderBy(asc(disposalItems.line)).limit(input.limit + 1);
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  return { items, next: more ? items.at(-1)!.line : null };
}

/* ---------------------------------- PREPARE ---------------------------------- */

export const prepareInput = z.object({ year: z.number().int().min(1900).max(2200) });

/** Asks for a year's list to be prepared (a background job: it reads every letter whose keeping ended). */
export async function requestPreparation(tx: TenantTx, viewer: Viewer, input: z.infer<typeof prepareInput>) {
  requireKeeper(viewer);
  if (!yearHasEnded(input.year, todayInBangkok())) throw new AppError('disposal_year_not_ended');
  const [existing] = await tx.select({ id: disposalLists.id }).from(disposalLists).where(and(eq(disposalLists.tenantId, viewer.tenant.id), eq(disposalLists.year, input.year)));
  if (existing) throw new AppError('disposal_list_exists');
  await enqueue(tx, 'disposal.prepare', { year: input.year, byUserId: viewer.user.id, byName: viewer.user.fullNameTh }, { jobKey: `disposal-prepare:${viewer.tenant.id}:${input.year}`, maxAttempts: 3 });
}

/**
 * The list of `year` for one agency, in one transaction as the agency: every letter whose keeping
 * ended by 31 December of that year, on no other list, not held, and not being acted on (waiting
 * to be registered, a routed part still open, an outgoing letter not yet sent); each line keeps
 * the letter's number, date, subject and register line as they are now. Nothing if it exists.
 */
export async function prepareDisposalList(tenantId: string, year: number, by: { userId: string | null; name: string }) {
  return runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const id = randomUUID();
    const created = await tx.insert(disposalLists).values({ tenantId, id, year, itemCount: 0, preparedByName: by.name })
      .onConflictDoNothing().returning({ id: disposalLists.id });
    if (created.length === 0) return null;
    // Incoming and outgoing letters each through their own joins (one index probe per letter: its
    // row, its live register line, whether it waits or has an open part), numbered together.
    const [{ count }] = await tx.execute<{ count: number }>(sql`
      with due as (
        select k.letter_id, k.direction, k.retention_class, k.keep_until, k.kept_from
        from letter_keeping k
        where k.tenant_id = ${tenantId} and k.keep_until is not null and k.destroyed_at is null and k.disposal_list_id is null
          and k.keep_until <= make_date(${year}::int, 12, 31) and k.held_at is null
      ), listed as (
        select d.letter_id, d.direction, d.retention_class, d.keep_until, d.kept_from, l.document_number, l.letter_date::text as letter_date,
          case when l.secrecy <> 'normal' then '' else l.subject end as subject, coalesce(r.number || '/' || (r.year + 543), '') as register_line
        from due d
        join letters l on l.tenant_id = ${tenantId} and l.id = d.letter_id
        left join register_entries r on r.tenant_id = ${tenantId} and r.letter_id = d.letter_id and r.cancelled_at is null
        where d.direction = 'incoming'
          and not exists (select 1 from waiting_letters w where w.tenant_id = ${tenantId} and w.letter_id = d.letter_id)
          and not exists (select 1 from letter_assignments a where a.tenant_id = ${tenantId} and a.letter_id = d.letter_id and a.closed_at is null)
        union all
        select d.letter_id, d.direction, d.retention_class, d.keep_until, d.kept_from, coalesce(o.document_number, ''), coalesce(o.letter_date, ''),
          case when o.secrecy <> 'normal' then '' else o.subject end, coalesce(s.number || '/' || (s.year + 543), '')
        from due d
        join outgoing_letters o on o.tenant_id = ${tenantId} and o.id = d.letter_id
        left join send_register_entries s on s.tenant_id = ${tenantId} and s.outgoing_letter_id = d.letter_id
        where d.direction = 'outgoing' and o.state in ('sent', 'paper', 'cancelled')
      ), numbered as (
        insert into disposal_items (tenant_id, list_id, line, letter_id, direction, document_number, letter_date, subject, register_line, retention_class, keep_until)
        select ${tenantId}, ${id}, row_number() over (order by keep_until, kept_from, letter_id), letter_id, direction,
          document_number, letter_date, subject, register_line, retention_class, keep_until
        from listed
        returning letter_id
      ), marked as (
        update letter_keeping k set disposal_list_id = ${id} from numbered n where k.tenant_id = ${tenantId} and k.letter_id = n.letter_id
        returning 1
      )
      select count(*)::int as count from marked`) as unknown as [{ count: number }];
    await tx.update(disposalLists).set({ itemCount: count, documentVersion: 1 }).where(and(eq(disposalLists.tenantId, tenantId), eq(disposalLists.id, id)));
    const actor: AuditActor = by.userId ? { kind: 'user', id: by.userId, name: by.name } : systemActor();
    await recordAudit(tx, tenantId, { actor, action: 'disposal.prepared', targetType: 'disposal', targetId: id, data: { year, items: count } });
    await tellKeepers(tx, tenantId, id, year, by.userId);
    await enqueue(tx, 'disposal.document', { listId: id }, { jobKey: `disposal-document:${id}` });
    return { id, count };
  });
}

/** The head, the central registry and whoever asked are told a list is ready. */
async function tellKeepers(tx: TenantTx, tenantId: string, listId: string, year: number, requester: string | null) {
  const people = await tx.execute<{ id: string }>(sql`
    select distinct m.user_id as id from memberships m join units u on u.tenant_id = m.tenant_id and u.id = m.unit_id
    join users p on p.tenant_id = m.tenant_id and p.id = m.user_id
    where m.tenant_id = ${tenantId} and u.parent_id is null and m.role in ('executive', 'central_registry_officer') and p.status = 'active'`) as unknown as { id: string }[];
  const ids = new Set(people.map((p) => p.id));
  if (requester) ids.add(requester);
  await notify(tx, tenantId, [...ids], listId, `พ.ศ. ${year + 543}`);
}

async function notify(tx: TenantTx, tenantId: string, userIds: string[], listId: string, title: string) {
  if (userIds.length === 0) return;
  await tx.insert(notifications).values(userIds.map((userId) => ({ tenantId, id: randomUUID(), userId, kind: 'disposal' as const, disposalListId: listId, title })));
}

/** Every agency's list of last year, once the year has ended and within the regulation's 60 days (the daily job). */
export async function prepareDueLists(tenantIds: readonly string[], today = todayInBangkok()) {
  const year = Number(today.slice(0, 4)) - 1;
  if (today > disposalDeadline(year)) return;
  for (const tenantId of tenantIds) {
    // One agency's failure leaves the others prepared; it is tried again the next day.
    try {
      await prepareDisposalList(tenantId, year, { userId: null, name: 'ระบบ' });
    } catch (error) {
      console.error(`[jobs] the disposal list of agency ${tenantId} for ${year} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/* --------------------------------- COMMITTEE --------------------------------- */

export const appointInput = listIdInput.extend({
  members: z.array(z.object({ userId: z.uuid(), role: z.enum(['chair', 'member']) })).max(15),
});

/** The head of the agency appoints the committee: a chair and at least two members, active people of the agency. */
export async function appointCommittee(tx: TenantTx, viewer: Viewer, input: z.infer<typeof appointInput>) {
  if (!isHead(viewer)) throw new AppError('forbidden');
  const { list } = await listFor(tx, viewer, input.listId, true);
  requireState(list, 'prepared');
  const problem = committeeProblem(input.members);
  if (problem) throw new AppError(problem);
  const people = await tx.select({ id: users.id, name: users.fullNameTh, position: users.position }).from(users)
    .where(and(eq(users.tenantId, viewer.tenant.id), inArray(users.id, input.members.map((m) => m.userId)), eq(users.status, 'active')));
  if (people.length !== input.members.length) throw new AppError('committee_person_invalid');
  const byId = new Map(people.map((p) => [p.id, p]));
  await tx.insert(disposalCommittee).values(input.members.map((m) => ({
    tenantId: viewer.tenant.id, listId: list.id, userId: m.userId, role: m.role, name: byId.get(m.userId)!.name, position: byId.get(m.userId)!.position,
  })));
  await tx.update(disposalLists).set({ state: list.itemCount === 0 ? 'decided' : 'appointed', appointedAt: new Date(), appointedByName: viewer.user.fullNameTh, documentVersion: list.documentVersion + 1, ...(list.itemCount === 0 ? { decidedAt: new Date() } : {}) })
    .where(and(eq(disposalLists.tenantId, viewer.tenant.id), eq(disposalLists.id, list.id)));
  await recordAudit(tx, viewer.tenant.id, {
    actor: actorOf(viewer), action: 'disposal.committee_appointed', targetType: 'disposal', targetId: list.id,
    data: { members: input.members.map((m) => ({ ...m, name: byId.get(m.userId)!.name })) },
  });
  await notify(tx, viewer.tenant.id, input.members.map((m) => m.userId), list.id, `พ.ศ. ${list.year + 543}`);
  await enqueue(tx, 'disposal.document', { listId: list.id }, { jobKey: `disposal-document:${list.id}` });
}

/* --------------------------------- DECISIONS --------------------------------- */

const isoDate = z.iso.date();

export const decideInput = listIdInput.extend({
  /** The lines decided, or every line still undecided. */
  lines: z.union([z.array(z.number().int().min(1)).min(1).max(500), z.literal('undecided')]),
  decision: z.enum(['destroy', 'keep']),
  keepUntil: isoDate.nullable().default(null),
  reason: z.string().trim().min(1).max(1000).nullable().default(null),
}).refine((d) => d.decision === 'destroy' || (d.keepUntil && d.reason), { message: 'keep_needs_date_and_reason', path: ['keepUntil'] });

/**
 * A committee member records the committee's decision on lines: destroy, or keep until a later
 * day with a reason (the letter leaves the list and comes due again then). A line is decided once.
 */
export async function decideItems(tx: TenantTx, viewer: Viewer, input: z.infer<typeof decideInput>) {
  const { list, onCommittee } = await listFor(tx, viewer, input.listId, true);
  if (!onCommittee) throw new AppError('forbidden');
  requireState(list, 'appointed');
  const tenantId = viewer.tenant.id;
  if (input.decision === 'keep' && input.keepUntil! <= `${list.year}-12-31`) throw new AppError('keep_until_too_early');
  const which = and(eq(disposalItems.tenantId, tenantId), eq(disposalItems.listId, list.id), isNull(disposalItems.decision),
    input.lines === 'undecided' ? undefined : inArray(disposalItems.line, input.lines));
  const [{ count }] = await tx.execute<{ count: number }>(sql`with decided as (
      update ${disposalItems} set decision = ${input.decision}, keep_until_new = ${input.decision === 'keep' ? input.keepUntil : null},
        reason = ${input.reason}, decided_by_name = ${viewer.user.fullNameTh}, decided_at = now()
      where ${which} returning 1)
    select count(*)::int as count from decided`) as unknown as [{ count: number }];
  if (input.lines !== 'undecided' && count !== new Set(input.lines).size) throw new AppError('disposal_line_decided');
  if (input.decision === 'keep' && count > 0) {
    // Kept longer: off this list, due again on its new day (a held letter keeps its class and day).
    await tx.execute(sql`update letter_keeping k set keep_until = i.keep_until_new, kept_by = 'committee', disposal_list_id = null
      from disposal_items i where i.tenant_id = ${tenantId} and i.list_id = ${list.id} and i.decision = 'keep'
        and k.tenant_id = ${tenantId} and k.letter_id = i.letter_id and k.disposal_list_id = ${list.id} and k.held_at is null`);
    await tx.execute(sql`update letter_keeping k set disposal_list_id = null
      from disposal_items i where i.tenant_id = ${tenantId} and i.list_id = ${list.id} and i.decision = 'keep'
        and k.tenant_id = ${tenantId} and k.letter_id = i.letter_id and k.disposal_list_id = ${list.id}`);
  }
  const decidedCount = list.decidedCount + count;
  const done = decidedCount >= list.itemCount;
  await tx.update(disposalLists).set({ decidedCount, ...(done ? { state: 'decided', decidedAt: new Date() } : {}), documentVersion: list.documentVersion + 1 })
    .where(and(eq(disposalLists.tenantId, tenantId), eq(disposalLists.id, list.id)));
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'disposal.decided', targetType: 'disposal', targetId: list.id,
    data: { decision: input.decision, lines: input.lines === 'undecided' ? 'undecided' : input.lines, count, keepUntil: input.keepUntil, reason: input.reason },
  });
  if (done) await enqueue(tx, 'disposal.document', { listId: list.id }, { jobKey: `disposal-document:${list.id}` });
  return { decided: count, done };
}

/* --------------------------- THE NATIONAL ARCHIVES --------------------------- */

/** The decided list is sent to the National Archives (กองจดหมายเหตุแห่งชาติ) for review: its PDF and workbook are what is sent. */
export async function submitToArchives(tx: TenantTx, viewer: Viewer, input: z.infer<typeof listIdInput>) {
  requireKeeper(viewer);
  const { list } = await listFor(tx, viewer, input.listId, true);
  requireState(list, 'decided');
  await tx.update(disposalLists).set({ state: 'submitted', submittedAt: new Date(), submittedByName: viewer.user.fullNameTh })
    .where(and(eq(disposalLists.tenantId, viewer.tenant.id), eq(disposalLists.id, list.id)));
  await recordAudit(tx, viewer.tenant.id, { actor: actorOf(viewer), action: 'disposal.submitted', targetType: 'disposal', targetId: list.id, data: { year: list.year } });
}

export const reviewInput = listIdInput.extend({
  reference: z.string().trim().min(1).max(200),
  reviewDate: isoDate,
  note: z.string().trim().max(2000).default(''),
  /** Lines the National Archives asked to keep (they become permanent). */
  keepLines: z.array(z.number().int().min(1)).max(10_000).default([]),
});

/** The National Archives' answer is recorded: its letter, and the lines it asked to keep (kept permanently). */
export async function recordReview(tx: TenantTx, viewer: Viewer, input: z.infer<typeof reviewInput>) {
  requireKeeper(viewer);
  if (input.reviewDate > todayInBangkok()) throw new AppError('date_in_future');
  const { list } = await listFor(tx, viewer, input.listId, true);
  requireState(list, 'submitted');
  const tenantId = viewer.tenant.id;
  if (input.keepLines.length > 0) {
    const kept = await tx.update(disposalItems).set({ archivesKeep: true })
      .where(and(eq(disposalItems.tenantId, tenantId), eq(disposalItems.listId, list.id), inArray(disposalItems.line, input.keepLines), eq(disposalItems.decision, 'destroy')))
      .returning({ letterId: disposalItems.letterId });
    if (kept.length !== new Set(input.keepLines).size) throw new AppError('disposal_line_invalid');
    // Asked for by the National Archives: kept for good (a held letter keeps its class until the hold is lifted).
    await tx.update(letterKeeping).set({ retentionClass: 'permanent', keepUntil: null, keptBy: 'committee', disposalListId: null })
      .where(and(eq(letterKeeping.tenantId, tenantId), inArray(letterKeeping.letterId, kept.map((k) => k.letterId)), isNull(letterKeeping.heldAt)));
  }
  await tx.update(disposalLists).set({
    state: 'reviewed', reviewReference: input.reference, reviewDate: input.reviewDate, reviewNote: input.note || null, reviewedAt: new Date(),
    reviewedByName: viewer.user.fullNameTh, documentVersion: list.documentVersion + 1,
  }).where(and(eq(disposalLists.tenantId, tenantId), eq(disposalLists.id, list.id)));
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'disposal.reviewed', targetType: 'disposal', targetId: list.id,
    data: { reference: input.reference, reviewDate: input.reviewDate, keepLines: input.keepLines },
  });
  await enqueue(tx, 'disposal.document', { listId: list.id }, { jobKey: `disposal-document:${list.id}` });
}

/** Destruction starts once the review is recorded: item by item, in the background (destroy.ts). */
export async function startDestruction(tx: TenantTx, viewer: Viewer, input: z.infer<typeof listIdInput>) {
  requireKeeper(viewer);
  const { list } = await listFor(tx, viewer, input.listId, true);
  if (list.state === 'prepared' || list.state === 'appointed' || list.state === 'decided' || list.state === 'submitted') throw new AppError('disposal_not_reviewed');
  requireState(list, 'reviewed');
  await tx.update(disposalLists).set({ state: 'destroying', destroyStartedAt: new Date(), destroyStartedByName: viewer.user.fullNameTh })
    .where(and(eq(disposalLists.tenantId, viewer.tenant.id), eq(disposalLists.id, list.id)));
  await recordAudit(tx, viewer.tenant.id, { actor: actorOf(viewer), action: 'disposal.destruction_started', targetType: 'disposal', targetId: list.id, data: { year: list.year } });
  await enqueue(tx, 'disposal.destroy', { listId: list.id }, { jobKey: `disposal-destroy:${list.id}` });
}

export const documentInput = listIdInput.extend({ format: z.enum(['pdf', 'xlsx']) });

/** The list's latest PDF or workbook, for whoever may see the list (the file endpoint streams it). */
export async function disposalDocument(tx: TenantTx, viewer: Viewer, input: z.infer<typeof documentInput>) {
  const { list } = await listFor(tx, viewer, input.listId);
  const file = list.documents?.[input.format];
  if (!file) throw new AppError('not_found');
  return {
    ...file, fileName: `บัญชีหนังสือขอทำลาย-${list.year + 543}.${input.format}`,
    contentType: input.format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}

/** The agency's active people, for the head choosing the committee (name and position only). */
export async function committeeCandidates(tx: TenantTx, viewer: Viewer) {
  if (!isHead(viewer)) throw new AppError('forbidden');
  return tx.select({ id: users.id, name: users.fullNameTh, position: users.position }).from(users)
    .where(and(eq(users.tenantId, viewer.tenant.id), eq(users.status, 'active'))).orderBy(asc(users.fullNameTh)).limit(1000);
}
