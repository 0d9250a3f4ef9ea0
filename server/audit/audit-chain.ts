import { eq, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { auditChainChecks } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { readObject, writeObject } from '@/server/storage/s3';

/**
 * The audit log's hash chain (migration 0045, docs/decisions.md "The audit chain"): entries are
 * sealed in order right after they commit, by the job worker, one agency at a time, into
 * `audit_chain` beside the log; the verifier recomputes every hash from the entries' content and
 * names the first break.
 */

const BATCH = 5_000;

/** Seals the committed entries of every agency that has some waiting; returns how many. */
export async function sealAuditChains(owner: postgres.Sql): Promise<number> {
  // An agency waits when its newest entry is above the highest it has sealed (one index probe), or
  // while its low mark is still below that (an entry may yet commit late; the mark must catch up).
  // Every such agency, each pass: none waits behind others.
  const waiting = await owner<Array<{ tenant_id: string }>>`
    select t.id as tenant_id from tenants t left join audit_chain_state s on s.tenant_id = t.id
    where s.low_id < s.top_id or (select max(a.id) from audit_log a where a.tenant_id = t.id) > coalesce(s.top_id, 0)`;
  let sealed = 0;
  for (const { tenant_id: tenantId } of waiting) sealed += await sealAgencyChain(tenantId);
  return sealed;
}

/** Seals one agency's waiting entries (in batches, each its own transaction), within its own scope. */
export async function sealAgencyChain(tenantId: string): Promise<number> {
  let total = 0;
  let after = 0;
  for (;;) {
    const { n, last } = await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
      const [row] = await tx.execute<{ sealed: number; last_id: string }>(sql`select sealed, last_id::text from app_seal_audit(${tenantId}, ${BATCH}, ${after})`);
      return { n: Number(row!.sealed), last: Number(row!.last_id) };
    });
    total += n;
    after = last;
    if (n < BATCH) return total;
  }
}

export type ChainBreak = { chainSeq: number | null; id: number | null; reason: 'hash' | 'missing' | 'gap' | 'orphan' | 'head' };
export type ChainReport = { tenantId: string; entries: number; head: { chainSeq: number; hash: string } | null; broken: ChainBreak | null };

/**
 * Verifies one agency's chain in the database: every place's hash recomputed from its entry's
 * content and the hash of the place before, each place one more than the one before, its entry
 * still there, no entry left outside the chain below the sealer's low mark or for longer than
 * `unsealedGraceSeconds`. With a published head (what the chain was once: place and hash), the
 * chain must still hold that place as it was, so a truncation or a rollback behind it is found
 * too. A break is named by its place in the chain (for an entry outside it, by its id). Runs as
 * the database owner, or in the agency's scope.
 */
export async function verifyAgencyChain(owner: postgres.Sql, tenantId: string, options: { publishedHead?: { chainSeq: number; hash: string } | null; unsealedGraceSeconds?: number } = {}): Promise<ChainReport> {
  const [row] = await owner<Array<{ entries: string; head_seq: string | null; head_hash: string | null; place: string | null; entry_id: string | null; reason: ChainBreak['reason'] | null }>>`
    select entries::text, head_seq::text, head_hash, place::text, entry_id::text, reason from app_verify_audit_chain(${tenantId}, ${options.unsealedGraceSeconds ?? 3600})`;
  const head = row!.head_seq ? { chainSeq: Number(row!.head_seq), hash: row!.head_hash! } : null;
  const report = (broken: ChainBreak | null): ChainReport => ({ tenantId, entries: Number(row!.entries), head, broken });
  if (row!.reason) return report({ chainSeq: row!.place === null ? null : Number(row!.place), id: row!.entry_id === null ? null : Number(row!.entry_id), reason: row!.reason });
  const published = options.publishedHead;
  if (published) {
    const [kept] = await owner<Array<{ hash: string }>>`select hash from audit_chain where tenant_id = ${tenantId} and seq = ${published.chainSeq}`;
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
