import { eq, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { auditChainChecks } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { readObject, writeObject } from '@/server/storage/s3';

/**
 * The audit log's hash chain (migration 0041, docs/decisions.md "The audit chain"): entries are
 * sealed in order right after they commit, by the job worker, one agency at a time; the
 * verifier recomputes every hash from the entries' content and names the first break.
 */

const BATCH = 5_000;

/** Seals the committed entries of every agency that has some waiting; returns how many. */
export async function sealAuditChains(owner: postgres.Sql): Promise<number> {
  const waiting = await owner<Array<{ tenant_id: string }>>`select distinct tenant_id from audit_log where hash is null limit 200`;
  let sealed = 0;
  for (const { tenant_id: tenantId } of waiting) sealed += await sealAgencyChain(tenantId);
  return sealed;
}

/** Seals one agency's waiting entries (in batches), within its own scope. */
export async function sealAgencyChain(tenantId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
      const [row] = await tx.execute<{ n: number }>(sql`select app_seal_audit(${tenantId}, ${BATCH}) as n`);
      return Number(row!.n);
    });
    total += n;
    if (n < BATCH) return total;
  }
}

export type ChainBreak = { chainSeq: number | null; id: number | null; reason: 'hash' | 'link' | 'gap' | 'unsealed' | 'orphan' | 'head' };
export type ChainReport = { tenantId: string; entries: number; head: { chainSeq: number; hash: string } | null; broken: ChainBreak | null };

/**
 * Verifies one agency's chain in the database: every sealed entry's hash recomputed from its
 * content and the hash before it, its number one more than the one before, no entry sealed
 * outside the chain, none left unsealed for longer than `unsealedGraceSeconds`. With a published
 * head (what the chain was once: number and hash), the chain must still hold that entry as it was,
 * so a truncation or a rollback behind it is found too. A break is named by its place in the
 * chain (for a missing entry, the place it held). Runs as the database owner.
 */
export async function verifyAgencyChain(owner: postgres.Sql, tenantId: string, options: { publishedHead?: { chainSeq: number; hash: string } | null; unsealedGraceSeconds?: number } = {}): Promise<ChainReport> {
  const [first] = await owner<Array<{ place: string; id: string; reason: ChainBreak['reason'] }>>`
    with chain as (
      select chain_seq, id, hash, prev_hash, app_audit_hash(prev_hash, a) as computed,
        lag(hash) over (order by chain_seq) as before, lag(chain_seq) over (order by chain_seq) as seq_before
      from audit_log a where tenant_id = ${tenantId} and chain_seq is not null)
    select (case when computed is not distinct from hash and chain_seq <> coalesce(seq_before, 0) + 1 then coalesce(seq_before, 0) + 1 else chain_seq end)::text as place,
      id::text, case
        when computed is distinct from hash then 'hash'
        when chain_seq <> coalesce(seq_before, 0) + 1 then 'gap'
        when prev_hash is distinct from before then 'link' end as reason
    from chain
    where computed is distinct from hash or chain_seq <> coalesce(seq_before, 0) + 1 or prev_hash is distinct from before
    order by chain.chain_seq limit 1`;
  const [counts] = await owner<Array<{ entries: number; head_seq: string | null; head_hash: string | null }>>`
    select count(*)::int as entries, max(chain_seq)::text as head_seq,
      (select hash from audit_log where tenant_id = ${tenantId} and chain_seq is not null order by chain_seq desc limit 1) as head_hash
    from audit_log where tenant_id = ${tenantId} and chain_seq is not null`;
  const head = counts?.head_seq ? { chainSeq: Number(counts.head_seq), hash: counts.head_hash! } : null;
  const report = (broken: ChainBreak | null): ChainReport => ({ tenantId, entries: counts?.entries ?? 0, head, broken });
  if (first) return report({ chainSeq: Number(first.place), id: Number(first.id), reason: first.reason });
  const [orphan] = await owner<Array<{ id: string }>>`
    select id::text from audit_log where tenant_id = ${tenantId} and chain_seq is null and (hash is not null or prev_hash is not null
      or occurred_at < now() - make_interval(secs => ${options.unsealedGraceSeconds ?? 3600})) order by id limit 1`;
  if (orphan) return report({ chainSeq: null, id: Number(orphan.id), reason: 'orphan' });
  const published = options.publishedHead;
  if (published) {
    const [kept] = await owner<Array<{ hash: string }>>`select hash from audit_log where tenant_id = ${tenantId} and chain_seq = ${published.chainSeq}`;
    if (!kept || kept.hash !== published.hash) return report({ chainSeq: published.chainSeq, id: null, reason: 'head' });
  }
  return report(null);
}

type Head = { chainSeq: number; hash: string };

/** Where an agency's published chain head is kept in the object store (outside the database). */
export const headKey = (tenantId: string) => `audit-heads/${tenantId}.json`;

/**
 * Publishes each agency's chain head (its last sealed entry's number and hash, with the time)
 * to the object store, daily: a later truncation or rollback of the chain in the database no
 * longer matches it. A head is only ever moved forward over a chain that verifies.
 */
export async function publishAuditHeads(owner: postgres.Sql) {
  while (await sealAuditChains(owner) > 0);
  const agencies = await owner<Array<{ id: string }>>`select id from tenants`;
  const problems: string[] = [];
  for (const { id } of agencies) {
    const publishedHead = await readPublishedHead(id);
    const report = await verifyAgencyChain(owner, id, { publishedHead });
    await runInTenant({ tenantId: id, userId: null, system: true }, (tx) => keepCheck(tx, report, publishedHead));
    if (report.broken) {
      problems.push(`${id}: entry ${report.broken.chainSeq ?? report.broken.id} (${report.broken.reason})`);
      continue;
    }
    if (report.head) await writeObject(headKey(id), Buffer.from(JSON.stringify({ ...report.head, at: new Date().toISOString() })), 'application/json');
  }
  if (problems.length > 0) console.error(`[audit] chains broken, heads not moved: ${problems.join('; ')}`);
  return problems;
}

export async function readPublishedHead(tenantId: string): Promise<Head | null> {
  try {
    const parsed = JSON.parse((await readObject(headKey(tenantId))).toString('utf8')) as Head;
    return Number.isInteger(parsed.chainSeq) && typeof parsed.hash === 'string' ? { chainSeq: parsed.chainSeq, hash: parsed.hash } : null;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}

/** The result of a verification, kept for the agency's admin to see (one row per agency: the last). */
async function keepCheck(tx: TenantTx, report: ChainReport, publishedHead: Head | null) {
  const row = {
    checkedAt: new Date(), entries: report.entries, headSeq: report.head?.chainSeq ?? null, headHash: report.head?.hash ?? null,
    publishedSeq: publishedHead?.chainSeq ?? null, brokenSeq: report.broken?.chainSeq ?? null, brokenReason: report.broken?.reason ?? null,
  };
  await tx.insert(auditChainChecks).values({ tenantId: report.tenantId, ...row }).onConflictDoUpdate({ target: auditChainChecks.tenantId, set: row });
}

/**
 * Background job when an agency's admin asks: its chain sealed and verified now (within the
 * agency's own scope), against its published head, and the result kept for the audit page.
 */
export async function verifyChainJob({ tenantId }: { tenantId: string }) {
  await sealAgencyChain(tenantId);
  const publishedHead = await readPublishedHead(tenantId);
  await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const report = await verifyAgencyChain(tx.$client as unknown as postgres.Sql, tenantId, { publishedHead });
    await keepCheck(tx, report, publishedHead);
  });
}

/** The agency's last verification, for its admin. */
export async function lastChainCheck(tx: TenantTx, tenantId: string) {
  const [row] = await tx.select().from(auditChainChecks).where(eq(auditChainChecks.tenantId, tenantId));
  return row ?? null;
}
