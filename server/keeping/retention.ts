import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { letterKeeping, letters, outgoingLetters, retentionRules, units } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { retentionClasses } from '@/core/keeping';
import { letterKinds, registerKinds } from '@/core/letters';
import { AppError } from '@/core/errors';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { refusedBy } from '@/server/shared/db-errors';
import { requireKeeper } from './access';

export const letterIdInput = z.object({ letterId: z.uuid() });
const reason = z.string().trim().min(1).max(1000);

/** Whether the person may see the letter (incoming or outgoing), by its own row-level security. */
async function visibleLetter(tx: TenantTx, tenantId: string, letterId: string) {
  const [found] = await tx.execute<{ direction: string }>(sql`
    select 'incoming' as direction from ${letters} where ${letters.tenantId} = ${tenantId} and ${letters.id} = ${letterId}
    union all
    select 'outgoing' from ${outgoingLetters} where ${outgoingLetters.tenantId} = ${tenantId} and ${outgoingLetters.id} = ${letterId}`) as unknown as { direction: string }[];
  if (!found) throw new AppError('not_found');
}

/** A letter's keeping as its page shows it: class, until when, held, on a list, destroyed; null before it is a letter of record. */
export async function letterKeepingOf(tx: TenantTx, viewer: Viewer, letterId: string) {
  await visibleLetter(tx, viewer.tenant.id, letterId);
  const [row] = await tx.select().from(letterKeeping).where(and(eq(letterKeeping.tenantId, viewer.tenant.id), eq(letterKeeping.letterId, letterId)));
  return row ?? null;
}

async function keepingForChange(tx: TenantTx, viewer: Viewer, letterId: string) {
  requireKeeper(viewer);
  const row = await letterKeepingOf(tx, viewer, letterId);
  if (!row) throw new AppError('not_a_record');
  if (row.destroyedAt) throw new AppError('letter_destroyed');
  return row;
}

export const setClassInput = letterIdInput.extend({ retentionClass: z.enum(retentionClasses), reason });

/** The registry changes a letter's class, with a reason (audited); not while it is held or on an open disposal list. */
export async function setRetentionClass(tx: TenantTx, viewer: Viewer, input: z.infer<typeof setClassInput>) {
  const row = await keepingForChange(tx, viewer, input.letterId);
  if (row.heldAt) throw new AppError('letter_held');
  if (row.disposalListId) throw new AppError('on_disposal_list');
  if (row.retentionClass === input.retentionClass) return row;
  const [updated] = await tx.update(letterKeeping)
    .set({ retentionClass: input.retentionClass, keepUntil: sql`app_keep_until(${letterKeeping.keptFrom}, ${input.retentionClass})`, keptBy: 'person', ruleId: null })
    .where(and(eq(letterKeeping.tenantId, viewer.tenant.id), eq(letterKeeping.letterId, input.letterId)))
    .returning();
  await recordAudit(tx, viewer.tenant.id, {
    actor: actorOf(viewer), action: 'keeping.class_changed', targetType: row.direction === 'incoming' ? 'letter' : 'outgoing', targetId: input.letterId,
    data: { from: row.retentionClass, to: input.retentionClass, keepUntil: updated!.keepUntil, reason: input.reason },
  });
  return updated!;
}

export const holdInput = letterIdInput.extend({ reason });

/** A legal hold: the letter is not corrected, disposed of or destroyed until it is lifted. */
export async function holdLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof holdInput>) {
  const row = await keepingForChange(tx, viewer, input.letterId);
  if (row.heldAt) throw new AppError('letter_held');
  await tx.update(letterKeeping).set({ heldAt: new Date(), heldReason: input.reason, heldByName: viewer.user.fullNameTh })
    .where(and(eq(letterKeeping.tenantId, viewer.tenant.id), eq(letterKeeping.letterId, input.letterId)));
  await recordAudit(tx, viewer.tenant.id, {
    actor: actorOf(viewer), action: 'keeping.held', targetType: row.direction === 'incoming' ? 'letter' : 'outgoing', targetId: input.letterId, data: { reason: input.reason },
  });
}

export async function releaseLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof holdInput>) {
  const row = await keepingForChange(tx, viewer, input.letterId);
  if (!row.heldAt) throw new AppError('letter_not_held');
  await tx.update(letterKeeping).set({ heldAt: null, heldReason: null, heldByName: null })
    .where(and(eq(letterKeeping.tenantId, viewer.tenant.id), eq(letterKeeping.letterId, input.letterId)));
  await recordAudit(tx, viewer.tenant.id, {
    actor: actorOf(viewer), action: 'keeping.released', targetType: row.direction === 'incoming' ? 'letter' : 'outgoing', targetId: input.letterId,
    data: { reason: input.reason, heldSince: row.heldAt.toISOString(), heldReason: row.heldReason },
  });
}

export const holdsInput = z.object({ before: z.iso.datetime().nullable().default(null) });
const HOLDS_PAGE = 50;

/** The letters held now, newest hold first, a page at a time (the index on held_at); the number and subject where the person may see them. */
export async function listHolds(tx: TenantTx, viewer: Viewer, input: z.infer<typeof holdsInput>) {
  requireKeeper(viewer);
  const tenantId = viewer.tenant.id;
  const rows = await tx.select({
    letterId: letterKeeping.letterId, direction: letterKeeping.direction, heldAt: letterKeeping.heldAt, heldReason: letterKeeping.heldReason,
    heldByName: letterKeeping.heldByName, retentionClass: letterKeeping.retentionClass,
    documentNumber: sql<string | null>`coalesce(${letters.documentNumber}, ${outgoingLetters.documentNumber})`,
    subject: sql<string | null>`coalesce(${letters.subject}, ${outgoingLetters.subject})`,
    secrecy: sql<string | null>`coalesce(${letters.secrecy}, ${outgoingLetters.secrecy})`,
  }).from(letterKeeping)
    .leftJoin(letters, and(eq(letters.tenantId, letterKeeping.tenantId), eq(letters.id, letterKeeping.letterId)))
    .leftJoin(outgoingLetters, and(eq(outgoingLetters.tenantId, letterKeeping.tenantId), eq(outgoingLetters.id, letterKeeping.letterId)))
    .where(and(eq(letterKeeping.tenantId, tenantId), isNotNull(letterKeeping.heldAt), input.before ? lt(letterKeeping.heldAt, new Date(input.before)) : undefined))
    .orderBy(desc(letterKeeping.heldAt)).limit(HOLDS_PAGE + 1);
  const more = rows.length > HOLDS_PAGE;
  const items = rows.slice(0, HOLDS_PAGE);
  return { items, next: more ? items.at(-1)!.heldAt!.toISOString() : null };
}

/* ------------------------------------ RULES ----------------------------------- */

export const ruleInput = z.object({
  retentionClass: z.enum(retentionClasses),
  direction: z.enum(['incoming', 'outgoing']).nullable().default(null),
  letterKind: z.enum(letterKinds).nullable().default(null),
  registerKind: z.enum(registerKinds).nullable().default(null),
  unitId: z.uuid().nullable().default(null),
  keywords: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
});
export const saveRulesInput = z.object({ rules: z.array(ruleInput).max(100) });

export async function listRules(tx: TenantTx, viewer: Viewer) {
  requireKeeper(viewer);
  return tx.select().from(retentionRules).where(eq(retentionRules.tenantId, viewer.tenant.id)).orderBy(asc(retentionRules.position));
}

/** The admin's rules, in order, replacing the agency's (the first that matches a letter gives its class; letters already kept keep theirs). */
export async function saveRules(tx: TenantTx, viewer: Viewer, input: z.infer<typeof saveRulesInput>) {
  if (!viewer.permissions.has('admin')) throw new AppError('forbidden');
  const tenantId = viewer.tenant.id;
  const unitIds = [...new Set(input.rules.map((r) => r.unitId).filter((u): u is string => u !== null))];
  if (unitIds.length > 0) {
    const known = await tx.select({ id: units.id }).from(units).where(and(eq(units.tenantId, tenantId), or(...unitIds.map((u) => eq(units.id, u)))));
    if (known.length !== unitIds.length) throw new AppError('unit_invalid');
  }
  await tx.delete(retentionRules).where(eq(retentionRules.tenantId, tenantId));
  if (input.rules.length > 0) {
    await tx.insert(retentionRules).values(input.rules.map((r, position) => ({ tenantId, id: randomUUID(), position, ...r, keywords: [...new Set(r.keywords)] })));
  }
  await recordAudit(tx, viewer.tenant.id, { actor: actorOf(viewer), action: 'keeping.rules_saved', targetType: 'tenant', targetId: tenantId, data: { rules: input.rules } });
  return listRules(tx, viewer);
}

/** A database refusal of a keeping change, as the person's error. */
export function keepingRefusal(error: unknown) {
  const key = refusedBy(error, ['letter_held', 'letter_destroyed'] as const);
  return key ? new AppError(key) : error;
}
