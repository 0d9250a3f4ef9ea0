import type postgres from 'postgres';
import { isClassifiedSecrecy, type DraftContent } from '@/core/draft-content';
import { documentNumberKey, SEGMENTER_VERSION, WordVector } from '@/core/search-text';

/**
 * The search indexer: rewrites the letter_search row of every letter the database marked in
 * search_pending (db/migrations/0049_search.sql), a batch at a time, as the platform's owner
 * (it reads every agency's letters by their agency and id only). One indexer runs at a time
 * (an advisory lock); a letter changed again while it was being indexed stays marked.
 * A classified letter is indexed by its numbers, dates and registers only: none of its words.
 */

/** Letters read and written per statement. */
export const INDEX_BATCH = 500;
const LOCK = 'saraban:search-index';

type Pending = { tenant_id: string; letter_id: string; direction: 'in' | 'out'; queued_at: string };

type SearchRow = {
  tenant_id: string; letter_id: string; direction: 'in' | 'out'; kind: string | null; unit_id: string; secrecy: string; urgency: string;
  status: string; shared: boolean; owner_id: string | null; readers: string[]; registers: string[]; numbers: string[]; letter_date: string;
  document_number: string; subject: string; parties: string; content: string; words: string; title: string; party_words: string; segmenter: string;
};

type Incoming = {
  tenant_id: string; id: string; unit_id: string; secrecy: string; urgency: string; document_number: string; letter_date: string;
  from_text: string; to_text: string; subject: string; remarks: string; waiting: boolean; registers: string[]; lines: string[];
  readers: string[]; texts: string | null; endorsements: string | null; notes: string | null; open_parts: number; parts: number; files: string | null;
};

type Outgoing = {
  tenant_id: string; id: string; unit_id: string; register_id: string | null; kind: string; secrecy: string; urgency: string; state: string; document_number: string | null;
  letter_date: string | null; day: string; signed: boolean; created_by: string; subject: string; content: DraftContent | null; readers: string[];
  lines: string[]; files: string | null;
};

/** Register lines as searched: '#12' and '#12/2569' (the Buddhist-era year). */
const LINES = (table: string, letterColumn: string, alias: string) => `
  coalesce((select array_agg(x) from ${table} r, lateral (values ('#' || r.number), ('#' || r.number || '/' || (r.year + 543))) v(x)
            where r.tenant_id = ${alias}.tenant_id and r.${letterColumn} = ${alias}.id${table === 'register_entries' ? ' and r.cancelled_at is null' : ''}), '{}')`;

const READERS = (alias: string) => `coalesce((select array_agg(reader_id) from letter_readers x where x.tenant_id = ${alias}.tenant_id and x.letter_id = ${alias}.id), '{}')`;

/** A destroyed letter has no search entry: marked again later (a routing closed, say), it is gone, not indexed anew. */
const NOT_DESTROYED = (alias: string) => `not exists (select 1 from letter_keeping k where k.tenant_id = ${alias}.tenant_id and k.letter_id = ${alias}.id and k.destroyed_at is not null)`;

async function readIncoming(sql: postgres.Sql | postgres.TransactionSql, tenants: string[], ids: string[]) {
  if (ids.length === 0) return [];
  return sql.unsafe<Incoming[]>(`
    select l.tenant_id, l.id, l.unit_id, l.secrecy, l.urgency, l.document_number, l.letter_date::text, l.from_text, l.to_text, l.subject, l.remarks,
      exists (select 1 from waiting_letters w where w.tenant_id = l.tenant_id and w.letter_id = l.id) as waiting,
      coalesce((select array_agg(distinct r.register_id) from register_entries r where r.tenant_id = l.tenant_id and r.letter_id = l.id and r.cancelled_at is null), '{}') as registers,
      ${LINES('register_entries', 'letter_id', 'l')} as lines,
      ${READERS('l')} as readers,
      (select string_agg(t.text, E'\\n') from (select distinct on (t.file_id) t.text from letter_texts t
         where t.tenant_id = l.tenant_id and t.letter_id = l.id order by t.file_id, t.created_at desc) t) as texts,
      (select string_agg(e.text, E'\\n' order by e.created_at) from endorsements e where e.tenant_id = l.tenant_id and e.letter_id = l.id) as endorsements,
      (select string_agg(concat_ws(' ', nullif(a.note, ''), a.outcome), E'\\n' order by a.assigned_at) from letter_assignments a
         where a.tenant_id = l.tenant_id and a.letter_id = l.id) as notes,
      (select count(*) filter (where a.closed_at is null) from letter_assignments a where a.tenant_id = l.tenant_id and a.letter_id = l.id)::int as open_parts,
      (select count(*) from letter_assignments a where a.tenant_id = l.tenant_id and a.letter_id = l.id)::int as parts,
      (select string_agg(f.file_name, ' ') from letter_files f where f.tenant_id = l.tenant_id and f.letter_id = l.id and f.kind = 'original' and not f.sealed) as files
    from unnest($1::uuid[], $2::uuid[]) p(tenant_id, id)
    join letters l on l.tenant_id = p.tenant_id and l.id = p.id
    where ${NOT_DESTROYED('l')}`, [tenants, ids] as never[]);
}

async function readOutgoing(sql: postgres.Sql | postgres.TransactionSql, tenants: string[], ids: string[]) {
  if (ids.length === 0) return [];
  return sql.unsafe<Outgoing[]>(`
    select o.tenant_id, o.id, o.unit_id, o.register_id, o.kind, o.secrecy, o.urgency, o.state, o.document_number, o.letter_date,
      (coalesce(o.sent_at, o.signed_at, o.created_at) at time zone 'Asia/Bangkok')::date::text as day, o.signed_at is not null as signed,
      o.created_by, o.subject,
      (select v.content from outgoing_versions v where v.tenant_id = o.tenant_id and v.letter_id = o.id order by v.version desc limit 1) as content,
      ${READERS('o')} as readers,
      ${LINES('send_register_entries', 'outgoing_letter_id', 'o')} as lines,
      (select string_agg(f.file_name, ' ') from outgoing_files f where f.tenant_id = o.tenant_id and f.letter_id = o.id and f.kind = 'attachment' and not f.sealed) as files
    from unnest($1::uuid[], $2::uuid[]) p(tenant_id, id)
    join outgoing_letters o on o.tenant_id = p.tenant_id and o.id = p.id
    where ${NOT_DESTROYED('o')}`, [tenants, ids] as never[]);
}

function incomingStatus(l: Incoming) {
  if (l.waiting || l.registers.length === 0) return 'waiting';
  if (l.parts === 0) return 'registered';
  return l.open_parts > 0 ? 'routed' : 'closed';
}

/** The row of an incoming letter: numbers (A), subject (B), sender and recipient (C), the rest (D). */
export function incomingRow(l: Incoming): SearchRow {
  const classified = isClassifiedSecrecy(l.secrecy) || l.secrecy === 'top_secret';
  const numbers = [...(l.document_number ? [documentNumberKey(l.document_number)] : []), ...l.lines];
  const parties = `${l.from_text} ${l.to_text}`.trim();
  const content = classified ? '' : [l.texts, l.endorsements, l.notes, l.remarks, l.files].filter(Boolean).join('\n');
  return finish({
    tenant_id: l.tenant_id, letter_id: l.id, direction: 'in', kind: null, unit_id: l.unit_id, secrecy: l.secrecy, urgency: l.urgency,
    status: incomingStatus(l), shared: true, owner_id: null, readers: l.readers, registers: l.registers, numbers, letter_date: l.letter_date,
    document_number: l.document_number, subject: classified ? '' : l.subject, parties: classified ? '' : parties, content,
  }, l.document_number);
}

/** The row of an outgoing letter (a draft, a signed or a sent letter). */
export function outgoingRow(o: Outgoing): SearchRow {
  const classified = isClassifiedSecrecy(o.secrecy) || o.secrecy === 'top_secret';
  const c = o.content;
  const documentNumber = o.document_number ?? '';
  const numbers = [...(documentNumber ? [documentNumberKey(documentNumber)] : []), ...o.lines];
  const parties = c ? [c.addressee, ...c.recipients.map((r) => r.name), c.ownerUnit].filter(Boolean).join(' ') : '';
  const content = c ? [...c.body, ...c.references, ...c.enclosures, ...c.copies, c.signer.name, c.signer.position, o.files ?? ''].filter(Boolean).join('\n') : '';
  return finish({
    tenant_id: o.tenant_id, letter_id: o.id, direction: 'out', kind: o.kind, unit_id: o.unit_id, secrecy: o.secrecy, urgency: o.urgency,
    status: o.state, shared: o.signed, owner_id: o.created_by, readers: o.readers, registers: o.register_id ? [o.register_id] : [], numbers,
    letter_date: o.letter_date && /^\d{4}-\d{2}-\d{2}$/.test(o.letter_date) ? o.letter_date : o.day,
    document_number: documentNumber, subject: classified ? '' : o.subject, parties: classified ? '' : parties, content: classified ? '' : content,
  }, documentNumber);
}

function finish(row: Omit<SearchRow, 'words' | 'title' | 'party_words' | 'segmenter'>, documentNumber: string): SearchRow {
  const lines = row.numbers.filter((n) => n.startsWith('#')).map((n) => n.slice(1)).join(' ');
  const words = new WordVector().add(`${documentNumber} ${lines}`, 'A').add(row.subject, 'B').add(row.parties, 'C').add(row.content, 'D');
  const title = new WordVector().add(`${documentNumber} ${lines}`, 'A').add(row.subject, 'B').add(row.parties, 'C');
  return { ...row, words: words.toString(), title: title.toString(), party_words: new WordVector().add(row.parties, 'C').toString(), segmenter: SEGMENTER_VERSION };
}

/**
 * Indexes up to `batch` marked letters; returns how many marks it took (0: nothing to do, or another
 * indexer is at work).
 */
export async function indexPendingLetters(owner: postgres.Sql, batch = INDEX_BATCH): Promise<number> {
  return owner.begin(async (sql) => {
    const [lock] = await sql<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(hashtext(${LOCK})) as ok`;
    if (!lock?.ok) return 0;
    // Marks due by the transaction's start, oldest first through the index on queued_at (the column,
    // not its text: ordering by the text, or filtering by the volatile clock_timestamp(), sorted the
    // whole queue for every batch).
    const pending = await sql<Pending[]>`select tenant_id, letter_id, direction, queued_at::text from search_pending where queued_at <= now() order by search_pending.queued_at limit ${batch}`;
    if (pending.length === 0) return 0;
    const ins = pending.filter((p) => p.direction === 'in');
    const outs = pending.filter((p) => p.direction === 'out');
    const [incoming, outgoing] = await Promise.all([
      readIncoming(sql, ins.map((p) => p.tenant_id), ins.map((p) => p.letter_id)),
      readOutgoing(sql, outs.map((p) => p.tenant_id), outs.map((p) => p.letter_id)),
    ]);
    const rows = [...incoming.map(incomingRow), ...outgoing.map(outgoingRow)];
    if (rows.length > 0) await writeRows(sql, rows);
    // Letters gone (destroyed under a disposal list): their rows go too.
    const found = new Set(rows.map((r) => `${r.tenant_id}:${r.letter_id}`));
    const gone = pending.filter((p) => !found.has(`${p.tenant_id}:${p.letter_id}`));
    if (gone.length > 0) {
      await sql`delete from letter_search s using unnest(${gone.map((p) => p.tenant_id)}::uuid[], ${gone.map((p) => p.letter_id)}::uuid[]) g(tenant_id, letter_id)
        where s.tenant_id = g.tenant_id and s.letter_id = g.letter_id`;
    }
    // A mark set again after it was read (the letter changed meanwhile) has a later time: it stays.
    await sql`delete from search_pending p
      using unnest(${pending.map((p) => p.tenant_id)}::uuid[], ${pending.map((p) => p.letter_id)}::uuid[], ${pending.map((p) => p.queued_at)}::text[]::timestamptz[]) d(tenant_id, letter_id, queued_at)
      where p.tenant_id = d.tenant_id and p.letter_id = d.letter_id and p.queued_at = d.queued_at`;
    return pending.length;
  });
}

async function writeRows(sql: postgres.TransactionSql, rows: SearchRow[]) {
  await sql.unsafe(`
    insert into letter_search (tenant_id, letter_id, direction, kind, unit_id, secrecy, urgency, status, shared, owner_id, readers, registers,
      numbers, letter_date, document_number, subject, parties, content, words, title, party_words, segmenter, indexed_at)
    select r.tenant_id, r.letter_id, r.direction, r.kind, r.unit_id, r.secrecy, r.urgency, r.status, r.shared, r.owner_id, r.readers, r.registers,
      r.numbers, r.letter_date, r.document_number, r.subject, r.parties, r.content, r.words::tsvector, r.title::tsvector, r.party_words::tsvector, r.segmenter, now()
    from jsonb_to_recordset($1::text::jsonb) r(tenant_id uuid, letter_id uuid, direction text, kind text, unit_id uuid, secrecy text, urgency text,
      status text, shared boolean, owner_id uuid, readers uuid[], registers uuid[], numbers text[], letter_date date, document_number text,
      subject text, parties text, content text, words text, title text, party_words text, segmenter text)
    on conflict (tenant_id, letter_id) do update set direction = excluded.direction, kind = excluded.kind, unit_id = excluded.unit_id,
      secrecy = excluded.secrecy, urgency = excluded.urgency, status = excluded.status, shared = excluded.shared, owner_id = excluded.owner_id,
      readers = excluded.readers, registers = excluded.registers, numbers = excluded.numbers, letter_date = excluded.letter_date,
      document_number = excluded.document_number, subject = excluded.subject, parties = excluded.parties, content = excluded.content,
      words = excluded.words, title = excluded.title, party_words = excluded.party_words, segmenter = excluded.segmenter, indexed_at = excluded.indexed_at`, [JSON.stringify(rows)] as never[]);
}

/** Indexes every marked letter now (tests, scripts and the re-index command). */
export async function indexAllPending(owner: postgres.Sql) {
  let total = 0;
  for (let n = await indexPendingLetters(owner); n > 0; n = await indexPendingLetters(owner)) total += n;
  return total;
}

/**
 * Marks every letter indexed by another segmenter (or all, with `everything`) for the indexer: after
 * an upgrade of Node.js's ICU or of the rules in core/search-text.ts. Returns how many were marked.
 */
export async function markForReindex(owner: postgres.Sql, everything = false) {
  const [row] = await owner<{ n: number }[]>`
    with marked as (
      insert into search_pending (tenant_id, letter_id, direction)
      select tenant_id, letter_id, direction from letter_search where ${everything} or segmenter <> ${SEGMENTER_VERSION}
      on conflict (tenant_id, letter_id) do update set queued_at = clock_timestamp()
      returning 1)
    select count(*)::int as n from marked`;
  return row?.n ?? 0;
}

/** How long a letter that could not be indexed waits before it is tried again. */
const RETRY_LATER = '1 hour';

/**
 * indexPendingLetters for the job runner: a batch that fails is tried one letter at a time, and a
 * letter that fails alone is tried again later (logged by id), so one bad letter never stops the rest.
 */
export async function indexPendingSafely(owner: postgres.Sql): Promise<number> {
  try {
    return await indexPendingLetters(owner);
  } catch {
    try {
      return await indexPendingLetters(owner, 1);
    } catch (error) {
      const [first] = await owner<{ tenant_id: string; letter_id: string }[]>`
        update search_pending set queued_at = now() + ${RETRY_LATER}::interval
        where (tenant_id, letter_id) = (select tenant_id, letter_id from search_pending order by queued_at limit 1)
        returning tenant_id, letter_id`;
      console.error(`[search] letter ${first?.letter_id ?? '?'} could not be indexed (${error instanceof Error ? error.message.split('\n')[0] : error}); tried again in ${RETRY_LATER}`);
      return first ? 1 : 0;
    }
  }
}
