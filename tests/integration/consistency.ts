import type postgres from 'postgres';
import { readObject } from '@/server/storage/s3';

/** What the app confirmed to a person (each must stay so, whatever happens after). */
export type Ack =
  | { op: 'recorded'; letterId: string }
  | { op: 'registered'; letterId: string; number: number }
  | { op: 'signed'; letterId: string; documentNumber: string }
  | { op: 'sent'; letterId: string };

/**
 * Everything that must hold at any moment between a sending agency `a` and a receiving agency `b`,
 * read in one snapshot (as the owner); returns what does not: every register's numbers run
 * 1..last with no gap or duplicate; every letter of `b` has its file and is either waiting or
 * registered; every numbered letter of `a` has its signed file, every sent one its delivery;
 * every delivery is at most one letter at `b`, and one that says delivered or registered is
 * there, with the same number; everything the app confirmed (`acks`) is still so; every stored
 * file's object is in the store (`seenObjects` are not read again).
 */
export async function consistencyProblems(owner: postgres.Sql, a: { tenantId: string }, b: { tenantId: string }, acks: readonly Ack[], seenObjects = new Set<string>()): Promise<string[]> {
  // What was confirmed before the snapshot is taken (confirmations arrive while this runs).
  const confirmed = acks.slice();
  const found = await owner.begin('isolation level repeatable read', async (tx) => {
    const problems: string[] = [];
    const gaps = await tx<Array<{ register_id: string; year: number; last_number: number; numbers: number; top: number | null }>>`
      with numbers as (
        select tenant_id, register_id, year, number from register_entries
        union select tenant_id, register_id, number_year, number from outgoing_letters where number is not null)
      select c.register_id, c.year, c.last_number, count(n.number)::int as numbers, max(n.number) as top
      from register_counters c left join numbers n on n.tenant_id = c.tenant_id and n.register_id = c.register_id and n.year = c.year
      group by c.tenant_id, c.register_id, c.year, c.last_number
      having count(n.number) <> c.last_number or coalesce(max(n.number), 0) <> c.last_number`;
    for (const g of gaps) problems.push(`register ${g.register_id} ${g.year}: last number ${g.last_number}, ${g.numbers} numbers, highest ${g.top}`);
    const stray = await tx`select 1 from register_entries e where not exists (select 1 from register_counters c where c.tenant_id = e.tenant_id and c.register_id = e.register_id and c.year = e.year)`;
    if (stray.length > 0) problems.push('register lines without their counter');

    const lettersOfB = await tx<Array<{ id: string; files: number; waiting: boolean; number: number | null; source: string | null }>>`
      select l.id, (select count(*)::int from letter_files f where f.tenant_id = l.tenant_id and f.letter_id = l.id and f.kind = 'original') as files,
        exists (select 1 from waiting_letters w where w.tenant_id = l.tenant_id and w.letter_id = l.id) as waiting,
        (select e.number from register_entries e where e.tenant_id = l.tenant_id and e.letter_id = l.id and e.cancelled_at is null) as number,
        l.source_delivery_id as source
      from letters l where l.tenant_id = ${b.tenantId}`;
    const byId = new Map(lettersOfB.map((l) => [l.id, l]));
    for (const l of lettersOfB) {
      if (l.files !== 1) problems.push(`letter ${l.id} has ${l.files} files`);
      if (l.waiting === (l.number !== null)) problems.push(`letter ${l.id} is ${l.waiting ? 'both waiting and registered' : 'neither waiting nor registered'}`);
    }

    const sentLetters = await tx<Array<{ id: string; state: string; document_number: string | null; signed_files: number; deliveries: number }>>`
      select o.id, o.state, o.document_number,
        (select count(*)::int from outgoing_files f where f.tenant_id = o.tenant_id and f.letter_id = o.id and f.kind = 'signed') as signed_files,
        (select count(*)::int from deliveries d where d.tenant_id = o.tenant_id and d.outgoing_letter_id = o.id) as deliveries
      from outgoing_letters o where o.tenant_id = ${a.tenantId}`;
    const outgoing = new Map(sentLetters.map((o) => [o.id, o]));
    for (const o of sentLetters) {
      if ((o.document_number !== null) !== (o.signed_files === 1)) problems.push(`outgoing ${o.id}: number ${o.document_number}, ${o.signed_files} signed files`);
      if ((o.state === 'sent') !== (o.deliveries === 1)) problems.push(`outgoing ${o.id} is ${o.state} with ${o.deliveries} deliveries`);
    }

    const records = await tx<Array<{ id: string; state: string; receive_number: number | null; recipient_letter_id: string | null }>>`
      select id, state, receive_number, recipient_letter_id from deliveries where tenant_id = ${a.tenantId} and channel = 'platform'`;
    const records_ = new Map(records.map((d) => [d.id, d]));
    const arrived = new Map<string, number>();
    for (const l of lettersOfB) {
      if (!l.source) continue;
      arrived.set(l.source, (arrived.get(l.source) ?? 0) + 1);
      if (!records_.has(l.source)) problems.push(`letter ${l.id} arrived from no delivery`);
    }
    for (const d of records) {
      if ((arrived.get(d.id) ?? 0) > 1) problems.push(`delivery ${d.id} arrived ${arrived.get(d.id)} times`);
      if (d.state === 'failed') problems.push(`delivery ${d.id} failed`);
      if (d.state === 'delivered' || d.state === 'registered') {
        const there = d.recipient_letter_id ? byId.get(d.recipient_letter_id) : undefined;
        if (!there || there.source !== d.id) problems.push(`delivery ${d.id} is ${d.state} but not at the recipient`);
        else if (d.state === 'registered' && there.number !== d.receive_number) problems.push(`delivery ${d.id} says number ${d.receive_number}, the recipient ${there.number}`);
      }
    }

    for (const ack of confirmed) {
      if (ack.op === 'recorded' && !byId.has(ack.letterId)) problems.push(`recorded letter ${ack.letterId} is gone`);
      if (ack.op === 'registered' && byId.get(ack.letterId)?.number !== ack.number) problems.push(`registered letter ${ack.letterId} lost its number ${ack.number}`);
      if (ack.op === 'signed' && outgoing.get(ack.letterId)?.document_number !== ack.documentNumber) problems.push(`signed letter ${ack.letterId} lost its number ${ack.documentNumber}`);
      if (ack.op === 'sent' && outgoing.get(ack.letterId)?.state !== 'sent') problems.push(`sent letter ${ack.letterId} is not sent`);
    }
    const keys = await tx<Array<{ key: string }>>`
      select object_key as key from letter_files where tenant_id in (${a.tenantId}, ${b.tenantId})
      union all select object_key from outgoing_files where tenant_id = ${a.tenantId}`;
    return { problems, keys: keys.map((k) => k.key).filter((k) => !seenObjects.has(k)) };
  });
  // A committed file row means its object was stored first.
  for (const key of found.keys) {
    try {
      await readObject(key);
      seenObjects.add(key);
    } catch (error) {
      found.problems.push(`object ${key}: ${(error as Error).name}`);
    }
  }
  return found.problems;
}
