import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { exchangeConnections, exchangeDirectory } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { AppError } from '@/core/errors';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { enqueue } from '@/server/queue/enqueue';
import { openSecret, sealSecret } from '@/server/security/secret-box';
import { ministryListRequest, organizationListRequest, readOrganizations, type Organization } from './gov-document';
import { callExchange, ExchangeCallError, exchangeUrlAllowed, type ExchangeEndpoint } from './soap-client';

export const EXCHANGE_SECRET = 'exchange-password';

const orgId = z.string().trim().min(1).max(50).regex(/^[A-Za-z0-9._-]+$/, 'exchange_org_id_format');

export const saveConnectionInput = z.object({
  nodeUrl: z.string().trim().min(1).max(500),
  username: z.string().trim().min(1).max(320),
  /** Required the first time; left empty to keep the stored one. */
  password: z.string().max(1000).optional(),
  ministryId: orgId,
  departmentId: orgId,
  enabled: z.boolean(),
});

export type ExchangeConnection = typeof exchangeConnections.$inferSelect;

/** The agency's connection as its admin sees it: never the password. */
export async function getConnection(tx: TenantTx, tenantId: string) {
  const [row] = await tx.select().from(exchangeConnections).where(eq(exchangeConnections.tenantId, tenantId));
  if (!row) return null;
  const { passwordSealed: _sealed, ...shown } = row;
  return shown;
}

export async function connectionOf(tx: TenantTx, tenantId: string) {
  const [row] = await tx.select().from(exchangeConnections).where(eq(exchangeConnections.tenantId, tenantId));
  return row ?? null;
}

export const endpointOf = (c: ExchangeConnection): ExchangeEndpoint => ({ url: c.nodeUrl, username: c.username, password: openSecret(EXCHANGE_SECRET, c.passwordSealed) });

/** An admin sets the agency's exchange connection; once enabled, its queue is pulled at once and then on schedule. */
export async function saveConnection(tx: TenantTx, viewer: Viewer, input: z.infer<typeof saveConnectionInput>) {
  if (!exchangeUrlAllowed(input.nodeUrl)) throw new AppError('exchange_host_not_allowed');
  const tenantId = viewer.tenant.id;
  const existing = await connectionOf(tx, tenantId);
  if (!existing && !input.password) throw new AppError('exchange_password_required');
  const fields = { nodeUrl: input.nodeUrl, username: input.username, ministryId: input.ministryId, departmentId: input.departmentId, enabled: input.enabled };
  const sealed = input.password ? { passwordSealed: sealSecret(EXCHANGE_SECRET, input.password) } : {};
  if (existing) {
    await tx.update(exchangeConnections).set({ ...fields, ...sealed, lastError: null, updatedAt: new Date() }).where(eq(exchangeConnections.tenantId, tenantId));
  } else {
    await tx.insert(exchangeConnections).values({ tenantId, ...fields, passwordSealed: sealed.passwordSealed! });
  }
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'exchange.connection_saved', targetType: 'tenant', targetId: tenantId, data: { ...fields, passwordChanged: Boolean(input.password) },
  });
  if (input.enabled) await enqueue(tx, 'exchange.pull', {}, { jobKey: `exchange-pull:${tenantId}` });
  return { ok: true };
}

async function storedEndpoint(tenantId: string) {
  const row = await runInTenant({ tenantId, userId: null, system: true }, (tx) => connectionOf(tx, tenantId));
  if (!row) throw new AppError('exchange_not_set_up');
  return { row, endpoint: endpointOf(row) };
}

/**
 * "Test connection": the node is asked for its ministries with the stored settings, holding
 * no database connection meanwhile. The answer says what failed, as a reason key.
 */
export async function testConnection(viewer: Viewer) {
  const { endpoint } = await storedEndpoint(viewer.tenant.id);
  try {
    const answer = await callExchange(endpoint, ministryListRequest(), { timeoutMs: 10_000 });
    if (answer.oversized) return { ok: false as const, reason: 'exchange_response_too_large', detail: '' };
    return { ok: true as const, ministries: readOrganizations(answer.content).length };
  } catch (error) {
    if (error instanceof ExchangeCallError) return { ok: false as const, reason: error.reason, detail: error.detail };
    throw error;
  }
}

/**
 * The exchange's directory read again from the node: its ministries, then each ministry's
 * organisations, kept in place of the agency's old copy in one short transaction.
 */
export async function refreshDirectory(viewer: Viewer) {
  const tenantId = viewer.tenant.id;
  const { endpoint } = await storedEndpoint(tenantId);
  const list: Array<Organization & { ministryName: string }> = [];
  try {
    const ministries = await callExchange(endpoint, ministryListRequest(), { timeoutMs: 15_000 });
    if (ministries.oversized) throw new AppError('exchange_response_too_large');
    for (const ministry of readOrganizations(ministries.content).slice(0, 500)) {
      const orgs = await callExchange(endpoint, organizationListRequest(ministry.id), { timeoutMs: 15_000, maxBytes: 8 * 1024 * 1024 });
      if (orgs.oversized) throw new AppError('exchange_response_too_large');
      for (const o of readOrganizations(orgs.content)) list.push({ ...o, ministryId: o.ministryId || ministry.id, ministryName: ministry.name });
    }
  } catch (error) {
    if (error instanceof ExchangeCallError) throw new AppError(error.reason);
    throw error;
  }
  const unique = [...new Map(list.map((o) => [o.id, o])).values()].slice(0, 20_000);
  await runInTenant({ tenantId, userId: viewer.user.id }, async (tx) => {
    await tx.delete(exchangeDirectory).where(eq(exchangeDirectory.tenantId, tenantId));
    for (let i = 0; i < unique.length; i += 1000) {
      await tx.insert(exchangeDirectory).values(unique.slice(i, i + 1000).map((o) => ({
        tenantId, orgId: o.id.slice(0, 50), ministryId: o.ministryId.slice(0, 50), name: o.name.slice(0, 300), ministryName: o.ministryName.slice(0, 300),
      })));
    }
    await tx.update(exchangeConnections).set({ directoryRefreshedAt: new Date() }).where(eq(exchangeConnections.tenantId, tenantId));
    await recordAudit(tx, tenantId, { actor: actorOf(viewer), action: 'exchange.directory_refreshed', targetType: 'tenant', targetId: tenantId, data: { organizations: unique.length } });
  });
  return { organizations: unique.length };
}

export const directorySearchInput = z.object({ query: z.string().trim().max(100).default('') });

/** Organisations of the exchange whose name (or id, or ministry) has these words: at most 20, by name. */
export async function searchDirectory(tx: TenantTx, tenantId: string, input: z.infer<typeof directorySearchInput>) {
  const like = `%${input.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return tx.select({ orgId: exchangeDirectory.orgId, ministryId: exchangeDirectory.ministryId, name: exchangeDirectory.name, ministryName: exchangeDirectory.ministryName })
    .from(exchangeDirectory)
    .where(and(eq(exchangeDirectory.tenantId, tenantId), input.query ? or(ilike(exchangeDirectory.name, like), ilike(exchangeDirectory.ministryName, like), eq(exchangeDirectory.orgId, input.query)) : sql`true`))
    .orderBy(asc(exchangeDirectory.name)).limit(20);
}

/** Whether the agency can send through the exchange at all (a connection, enabled). */
export async function exchangeReady(tx: TenantTx, tenantId: string) {
  const row = await connectionOf(tx, tenantId);
  return Boolean(row?.enabled);
}
