import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { letterKinds, outgoingStates, secrecies, urgencies } from '@/core/letters';
import { AppError } from '@/core/errors';
import { documentNumberKey, normaliseText, parseQuery, snippet, highlight, type SnippetPart } from '@/core/search-text';
import type { TenantTx } from '@/db/scope';
import { parseBuddhistDate } from '@/server/shared/letter-date';

/** What an incoming letter's status is in search (an outgoing letter's is its state). */
export const incomingStatuses = ['waiting', 'registered', 'routed', 'closed'] as const;

/** The longest query read: anything longer is refused with its own message (a pasted page is no query). */
export const MAX_QUERY_CHARS = 200;
/** Counted exactly up to this many; beyond it the count is the planner's estimate. */
export const EXACT_COUNT_CAP = 10_000;

const uuid = z.uuid();
export const searchInput = z.object({
  /** The box: words, a document number, or both. */
  q: z.string().max(20_000).default(''),
  kind: z.enum(letterKinds).optional(),
  /** Received letters (in) or sent letters and drafts (out). Not `direction`: tRPC's infinite queries send their own. */
  way: z.enum(['in', 'out']).optional(),
  /** Buddhist-era dates as typed (24/11/2569) or a whole year (2569). */
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  /** A document number in any usual spelling. */
  documentNumber: z.string().max(100).optional(),
  /** A register line: 12 or 12/2569. */
  line: z.string().max(20).optional(),
  /** Words of the sender or recipient (agency, unit or person). */
  party: z.string().max(MAX_QUERY_CHARS).optional(),
  urgency: z.enum(urgencies).optional(),
  secrecy: z.enum(secrecies).optional(),
  status: z.enum([...incomingStatuses, ...outgoingStates]).optional(),
  registerId: uuid.optional(),
  unitId: uuid.optional(),
  routedTo: uuid.optional(),
  sort: z.enum(['relevance', 'newest', 'oldest']).default('relevance'),
  /** The last row of the page before (`next`). */
  cursor: z.object({ tier: z.number().int().min(0).max(2), date: z.iso.date(), id: uuid }).nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});
export type SearchInput = z.infer<typeof searchInput>;

type DateBound = { iso: string } | null;

/** A typed Buddhist-era date or year; `end`: a year means its last day. */
function dateOf(text: string | undefined, end: boolean): DateBound {
  const typed = text?.trim();
  if (!typed) return null;
  const year = /^\s*([0-9๐-๙]{4})\s*$/.exec(typed);
  if (year) {
    const be = Number(normaliseText(year[1]!));
    if (be < 2400) throw new AppError('search_date_christian');
    return { iso: `${be - 543}-${end ? '12-31' : '01-01'}` };
  }
  const parsed = parseBuddhistDate(typed);
  if (!parsed.ok) throw new AppError(parsed.error === 'date_looks_christian' ? 'search_date_christian' : 'search_date_invalid');
  return { iso: parsed.iso };
}

/** The filters as the search function reads them (app_search_where); only those given. */
function filtersOf(input: SearchInput, from: DateBound, to: DateBound) {
  const line = input.line ? normaliseText(input.line).replace(/\s/g, '') : '';
  if (input.line && !/^\d+(\/\d{4})?$/.test(line)) throw new AppError('search_line_invalid');
  const number = input.documentNumber ? documentNumberKey(input.documentNumber) : '';
  const party = input.party ? parseQuery(input.party).tsquery : null;
  if (input.party?.trim() && !party) throw new AppError('search_no_words');
  const filters: Record<string, string> = {};
  const put = (key: string, value: string | null | undefined) => { if (value) filters[key] = value; };
  put('kind', input.kind);
  put('direction', input.way);
  put('dateFrom', from?.iso);
  put('dateTo', to?.iso);
  put('number', number);
  put('line', line);
  put('party', party);
  put('urgency', input.urgency);
  put('secrecy', input.secrecy);
  put('status', input.status);
  put('registerId', input.registerId);
  put('unitId', input.unitId);
  put('routedTo', input.routedTo);
  return filters;
}

/** What a search asks of the database, checked: the query's words, its number, the filters. */
export function searchPlan(input: SearchInput) {
  const text = input.q.trim();
  if ([...text].length > MAX_QUERY_CHARS) throw new AppError('search_query_too_long');
  const from = dateOf(input.from, false);
  const to = dateOf(input.to, true);
  if (from && to && from.iso > to.iso) throw new AppError('search_dates_inverted');
  const parsed = parseQuery(text);
  // A box of punctuation alone is no word to find.
  if (text && !parsed.tsquery) throw new AppError('search_no_words');
  const filters = filtersOf(input, from, to);
  if (!parsed.tsquery && Object.keys(filters).length === 0) throw new AppError('search_needs_criterion');
  return { parsed, filters };
}

type Hit = { letter_id: string; tier: number; letter_date: string };

type Shown = {
  letter_id: string; direction: 'in' | 'out'; kind: string | null; secrecy: string; urgency: string; status: string; letter_date: string;
  document_number: string; subject: string; parties: string; content: string; numbers: string[];
};

/**
 * The ids of the letters the person may open that a search finds, best first, one page after
 * `cursor` (through app_search_letters: the word indexes, read as the owner with the agency and
 * the person's access written in). Shared by the search page and the registers' words filter.
 */
export async function findLetterIds(tx: TenantTx, plan: ReturnType<typeof searchPlan>, sort: SearchInput['sort'], cursor: SearchInput['cursor'], limit: number) {
  const { parsed, filters } = plan;
  return tx.execute<Hit>(sql`select letter_id, tier, letter_date::text from app_search_letters(
    ${parsed.tsquery}::tsquery, ${parsed.tsquery}::tsquery, ${parsed.numberKey}, ${JSON.stringify(filters)}::jsonb, ${sort},
    ${cursor?.tier ?? null}::int, ${cursor?.date ?? null}::date, ${cursor?.id ?? null}::uuid, ${limit}::int)`);
}

/**
 * ค้นหา: one page of the letters a person may open that match the box and the filters, ranked
 * (exact number, then number/subject/sender and recipient, then the content; each newest first)
 * or by date, with the words marked in the subject and a snippet; the count exact up to
 * EXACT_COUNT_CAP. The rows shown are read under row-level security, and a letter whose own row
 * the person cannot read now (its letter's policy) is left out.
 */
export async function searchLetters(tx: TenantTx, input: SearchInput) {
  const plan = searchPlan(input);
  const hits = [...await findLetterIds(tx, plan, input.sort, input.cursor, input.limit + 1)];
  const more = hits.length > input.limit;
  const page = hits.slice(0, input.limit);
  const [counted] = input.cursor ? [null] : await tx.execute<{ total: string; exact: boolean }>(
    sql`select total::text, exact from app_search_count(${plan.parsed.tsquery}::tsquery, ${JSON.stringify(plan.filters)}::jsonb, ${EXACT_COUNT_CAP})`);
  const ids = page.map((h) => h.letter_id);
  const shown = ids.length === 0 ? [] : await tx.execute<Shown>(sql`
    select s.letter_id, s.direction, s.kind, s.secrecy, s.urgency, s.status, s.letter_date::text, s.document_number, s.subject, s.parties, s.content, s.numbers
    from letter_search s
    where s.tenant_id = app_current_tenant() and s.letter_id = any(${`{${ids.join(',')}}`}::uuid[])
      and case s.direction
        when 'in' then exists (select 1 from letters l where l.tenant_id = s.tenant_id and l.id = s.letter_id)
        else exists (select 1 from outgoing_letters o where o.tenant_id = s.tenant_id and o.id = s.letter_id) end`);
  const byId = new Map([...shown].map((r) => [r.letter_id, r]));
  const terms = plan.parsed.highlights;
  const results = page.flatMap((h) => {
    const r = byId.get(h.letter_id);
    if (!r) return [];
    return [{
      id: r.letter_id, direction: r.direction, kind: r.kind, secrecy: r.secrecy, urgency: r.urgency, status: r.status, letterDate: r.letter_date,
      documentNumber: r.document_number, tier: h.tier,
      subject: highlight(r.subject, terms), parties: highlight(r.parties, terms),
      snippet: r.content ? snippet(r.content, terms) : null,
      lines: r.numbers.filter((n) => /^#\d+\/\d+$/.test(n)).map((n) => n.slice(1)),
    }];
  });
  const last = page.at(-1);
  return {
    results,
    total: counted ? Number(counted.total) : null,
    exact: counted ? counted.exact : null,
    next: more && last ? { tier: last.tier, date: last.letter_date, id: last.letter_id } : null,
  };
}

export type SearchResult = Awaited<ReturnType<typeof searchLetters>>['results'][number];
export type { SnippetPart };
