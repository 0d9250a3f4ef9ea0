import { and, asc, eq, gt, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { letterKeeping, letters, registerCounters, registerEntries, registers, sendRegisterEntries, units } from '@/db/schema';
import { urgencies } from '@/core/letters';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { listAssignments } from '@/server/routing/letter-views';
import { formatDate } from '@/server/shared/thai-date';
import { letterDateIso } from '@/server/intake/record-paper-letter.schema';
import { listSendRegisterEntries } from '@/server/sending/send-register';
import { daysFilter } from './register-days';
import { findLetterIds, MAX_QUERY_CHARS, searchInput, searchPlan } from '@/server/search/search-letters';
import { keepingColumns } from '@/server/keeping/held';

export const listRegisterInput = z.object({
  registerId: z.uuid(),
  /** Buddhist-era year, as the register is printed (ปี พ.ศ.). */
  yearBe: z.number().int().min(2500).max(2800),
  /** One day (ISO, Asia/Bangkok), or the first day of a range ending `until`; else the whole year. */
  day: letterDateIso.optional(),
  until: letterDateIso.optional(),
  /** Words as the search page takes them (เรื่อง, จาก, ถึง, ที่, the text read from the letter's files, …). */
  text: z.string().trim().max(MAX_QUERY_CHARS).optional(),
  urgency: z.enum(urgencies).optional(),
  /** The last line number already shown: the page starts after it (keyset paging; `next` of the page before). */
  cursor: z.number().int().min(0).nullish(),
  limit: z.number().int().min(1).max(1000).default(100),
});

/** How many lines one filtered request looks through at most; the rest is reached by asking again from `next`. */
export const FILTER_WINDOW = 20_000;
/** Words found in more letters than this are common: looking through the lines in order finds a page soon. */
const WORDS_CAP = 5_000;

/**
 * The registers a person may open, each with the unit whose register it is: those of every unit
 * they belong to (the acting unit's first), and for the central registry (the agency's own unit),
 * which sends for every unit, every unit's send registers too.
 */
export async function listRegisters(tx: TenantTx, viewer: Viewer) {
  if (!viewer.actingUnitId) return [];
  const mine = [...new Set(viewer.memberships.map((m) => m.unitId))];
  const central = viewer.memberships.some((m) => m.atRoot) && viewer.permissions.has('send');
  return tx.select({ id: registers.id, kind: registers.kind, classified: registers.classified, nameTh: registers.nameTh, unitId: registers.unitId, unitName: units.nameTh })
    .from(registers)
    .innerJoin(units, and(eq(units.tenantId, registers.tenantId), eq(units.id, registers.unitId)))
    .where(and(eq(registers.tenantId, viewer.tenant.id), or(inArray(registers.unitId, mine), central ? ne(registers.kind, 'receive') : undefined)))
    .orderBy(sql`${registers.unitId} = ${viewer.actingUnitId} desc`, asc(units.nameTh), asc(registers.kind), asc(registers.classified));
}

/** `last`: the last line this listing may reach (the day's or the year's); `lines`: the year's count. */
type Page = { after: number; last: number; lines: number; window: boolean };

/**
 * Which lines a request looks at: those after `after`, up to the year's last number; a filtered
 * request at most FILTER_WINDOW of them (numbers are gapless, so a range of numbers is a range of
 * lines). A day runs from its first line to its last, found by the index on the time of registration.
 */
async function pageOf(tx: TenantTx, tenantId: string, register: { id: string; kind: string }, year: number, input: z.infer<typeof listRegisterInput>): Promise<Page> {
  const [counter] = await tx.select({ last: registerCounters.lastNumber }).from(registerCounters)
    .where(and(eq(registerCounters.tenantId, tenantId), eq(registerCounters.registerId, register.id), eq(registerCounters.year, year)));
  const after = input.cursor ?? 0;
  if (input.day) {
    const lines = register.kind === 'receive' ? registerEntries : sendRegisterEntries;
    // The days' first and last lines, from their lines alone (numbers follow the time of registration
    // only nearly: two registrations at once may take their numbers in the other order).
    const [range] = await tx.select({ first: sql<number | null>`min(${lines.number})`, last: sql<number | null>`max(${lines.number})` }).from(lines)
      .where(and(eq(lines.tenantId, tenantId), eq(lines.registerId, register.id), eq(lines.year, year), ...daysFilter(lines.registeredAt, input.day, input.until)));
    const lineCount = counter?.last ?? 0;
    if (range?.first == null || range.last == null) return { after: lineCount, last: lineCount, lines: lineCount, window: true };
    return { after: Math.max(after, range.first - 1), last: range.last, lines: lineCount, window: true };
  }
  return { after, last: counter?.last ?? 0, lines: counter?.last ?? 0, window: Boolean(input.text || input.urgency) };
}



/** The line numbers of this request: `number > after` and, when filtered, no further than the window. */
function numbersOf(column: typeof registerEntries.number | typeof sendRegisterEntries.number, page: Page) {
  return and(gt(column, page.after), page.window ? lte(column, page.after + FILTER_WINDOW) : undefined);
}

/** Where the next request starts, or null when the year has been read to its end. */
function nextOf(rows: Array<{ number: number }>, limit: number, page: Page) {
  if (rows.length > limit) return rows[limit - 1]!.number;
  if (page.window && page.after + FILTER_WINDOW < page.last) return page.after + FILTER_WINDOW;
  return null;
}

/**
 * The words filter of a register: the search's own (server/search/search-letters.ts), so a register
 * finds what the search page finds. The letters with the words, when few enough to list, through
 * the word indexes; else each line's letter is checked against its indexed words (a common word
 * finds a page soon in line order). Either way under the person's access.
 */
async function wordsFilter(tx: TenantTx, text: string, direction: 'in' | 'out', letterId: SQL | typeof letters.id): Promise<{ filter: SQL; indexed: boolean }> {
  const plan = searchPlan(searchInput.parse({ q: text, way: direction }));
  const hits = [...await findLetterIds(tx, plan, 'oldest', null, WORDS_CAP + 1)];
  // One array parameter (its literal), not one parameter per letter.
  if (hits.length <= WORDS_CAP) return { filter: sql`${letterId} = any(${`{${hits.map((h) => h.letter_id).join(',')}}`}::uuid[])`, indexed: true };
  return {
    filter: sql`exists (select 1 from letter_search s where s.tenant_id = app_current_tenant() and s.letter_id = ${letterId} and s.words @@ ${plan.parsed.tsquery}::tsquery)`,
    indexed: false,
  };
}

/**
 * ทะเบียนหนังสือรับ with the regulation's columns: เลขทะเบียนรับ, ที่, ลงวันที่, จาก, ถึง,
 * เรื่อง, การปฏิบัติ, หมายเหตุ. Cancelled lines stay, marked with their reason. One page at a time,
 * in number order from `after`; `total` is the number of lines of the year and `next` where the
 * next page starts (null at the end). A filter looks through at most FILTER_WINDOW lines per page.
 */
export async function listRegister(tx: TenantTx, viewer: Viewer, input: z.infer<typeof listRegisterInput>) {
  const [register] = await tx.select().from(registers)
    .where(and(eq(registers.tenantId, viewer.tenant.id), eq(registers.id, input.registerId)));
  if (!register) throw new AppError('not_found');
  if (input.until && (!input.day || input.until < input.day)) throw new AppError('search_dates_inverted');
  const year = input.yearBe - 543;
  const [unit] = await tx.select({ nameTh: units.nameTh, root: sql<boolean>`${units.parentId} is null` }).from(units)
    .where(and(eq(units.tenantId, viewer.tenant.id), eq(units.id, register.unitId)));
  // Named for its unit: two units' registers each start at 1, and their titles say whose is whose (the agency's own unit is the agency).
  const heading = { id: register.id, nameTh: register.nameTh, kind: register.kind, classified: register.classified, unitName: unit && !unit.root ? unit.nameTh : '' };
  // A filtered listing is planned for its own values, every time: a plan made once for any values
  // (the pool's statements are prepared; from their sixth run PostgreSQL may keep one) guesses a window
  // of lines a tenth its size and checks every line's words before its urgency: five times slower
  // (about 500 ms instead of 100) for 20,000 lines with an urgency none of them has.
  if (input.text || input.urgency || input.day) await tx.execute(sql`select set_config('plan_cache_mode', 'force_custom_plan', true)`);
  const page = await pageOf(tx, viewer.tenant.id, register, year, input);
  const words = input.text ? await wordsFilter(tx, input.text, register.kind === 'receive' ? 'in' : 'out', register.kind === 'receive' ? letters.id : sql`${sendRegisterEntries.outgoingLetterId}`) : null;
  // The words of few letters are found through the index: every line of the year may be checked.
  if (words?.indexed && !input.day) page.window = Boolean(input.urgency);
  if (register.kind !== 'receive') {
    const rows = await listSendRegisterEntries(tx, viewer.tenant.id, viewer.tenant.nameTh, viewer.tenant.settings.thaiDigits,
      { registerId: register.id, year, day: input.day, until: input.until, words: words?.filter, urgency: input.urgency, numbers: numbersOf(sendRegisterEntries.number, page), limit: input.limit + 1 });
    return { register: heading, yearBe: input.yearBe, total: page.lines, next: nextOf(rows, input.limit, page), entries: rows.slice(0, input.limit) };
  }
  const dayFilter = input.day ? and(...daysFilter(registerEntries.registeredAt, input.day, input.until)) : undefined;
  const urgencyFilter = input.urgency ? eq(letters.urgency, input.urgency) : undefined;
  const rows = await tx.select({
    number: registerEntries.number, registeredAt: registerEntries.registeredAt, registeredByName: registerEntries.registeredByName,
    cancelledAt: registerEntries.cancelledAt, cancelReason: registerEntries.cancelReason, letterId: letters.id,
    documentNumber: letters.documentNumber, letterDate: letters.letterDate, fromText: letters.fromText, toText: letters.toText,
    subject: letters.subject, urgency: letters.urgency, secrecy: letters.secrecy, remarks: letters.remarks, keeping: keepingColumns,
  })
    .from(registerEntries)
    .innerJoin(letters, and(eq(letters.tenantId, registerEntries.tenantId), eq(letters.id, registerEntries.letterId)))
    .leftJoin(letterKeeping, and(eq(letterKeeping.tenantId, registerEntries.tenantId), eq(letterKeeping.letterId, registerEntries.letterId)))
    .where(and(eq(registerEntries.tenantId, viewer.tenant.id), eq(registerEntries.registerId, register.id), eq(registerEntries.year, year),
      numbersOf(registerEntries.number, page), dayFilter, words?.filter, urgencyFilter))
    .orderBy(asc(registerEntries.number))
    .limit(input.limit + 1);
  const shown = rows.slice(0, input.limit);
  const partsByLetter = new Map<string, Awaited<ReturnType<typeof listAssignments>>>();
  for (const part of await listAssignments(tx, viewer.tenant.id, shown.filter((r) => !r.cancelledAt).map((r) => r.letterId))) {
    partsByLetter.set(part.letterId, [...(partsByLetter.get(part.letterId) ?? []), part]);
  }
  return {
    register: heading,
    yearBe: input.yearBe,
    total: page.lines,
    next: nextOf(rows, input.limit, page),
    // การปฏิบัติ is derived from the letter's routing: to whom it went and whether the work is done.
    entries: shown.map((r) => ({ ...r, actions: r.cancelledAt ? 'ยกเลิกการลงรับ' : actionsOf(partsByLetter.get(r.letterId) ?? [], viewer.tenant.settings.thaiDigits) })),
  };
}

/** การปฏิบัติ as a registry officer writes it: to whom the letter went, and when the work was finished. */
export function actionsOf(parts: Array<{ targetName: string; purpose: 'action' | 'information'; closedAt: Date | null }>, thaiDigits: boolean) {
  if (parts.length === 0) return 'ลงรับแล้ว';
  const sent = `ส่ง ${parts.map((p) => `${p.targetName} (${p.purpose === 'action' ? 'ดำเนินการ' : 'ทราบ'})`).join(', ')}`;
  const closed = parts.every((p) => p.closedAt)
    ? `; ดำเนินการเสร็จ ${formatDate(new Date(Math.max(...parts.map((p) => p.closedAt!.getTime()))), { style: 'short', thaiDigits })}`
    : '';
  return sent + closed;
}
