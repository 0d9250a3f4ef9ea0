import type { TenantTx } from '@/db/scope';
import type { AgencySettings } from '@/core/settings';
import { AppError } from '@/core/errors';
import type { Clearance, Permission, Role } from '@/core/access';
import { effectivePermissions, resolveActingUnit } from './permissions';

export type Viewer = Awaited<ReturnType<typeof loadViewer>>;

type ViewerRow = {
  user: {
    id: string; username: string; fullNameTh: string; fullNameEn: string; position: string; email: string;
    status: 'active' | 'disabled'; clearance: Clearance; classifiedAppointed: boolean; sessionVersion: number; mustChangePassword: boolean;
  };
  tenant: {
    id: string; code: string; nameTh: string; nameEn: string; ministryCode: string; ownerNumber: string;
    address: string; phone: string; email: string; status: 'active' | 'disabled'; settings: AgencySettings; accessVersion: number;
  };
  memberships: Array<{ unitId: string; role: Role; unitNameTh: string; unitNameEn: string; atRoot: boolean }>;
  overrides: Array<{ permission: Permission; allowed: boolean }>;
};

/**
 * The person's access as last loaded, per agency and person, with the agency's access
 * version it was loaded at: while that version is unchanged (triggers raise it with any
 * change to the agency, its people, memberships, overrides or units) it is still what the
 * database says, so a request costs one primary-key read (sent with the transaction's scope,
 * see runInTenant) instead of the joined query.
 */
const loaded = new Map<string, ViewerRow>();
const CACHE_MAX = 5000;

const unitsOf = (row: ViewerRow) => [...new Set(row.memberships.map((m) => m.unitId))].join(',');

/** The units of a person as this process last loaded them, for the next transaction's scope (db/scope.ts), or null. */
export function knownUnits(tenantId: string, userId: string) {
  const row = loaded.get(`${tenantId}:${userId}`);
  return row ? unitsOf(row) : null;
}

/**
 * The signed-in person as the database says now: a disabled account, a reset password or
 * a disabled agency ends the session at its next request. The agency's access version is
 * read with the transaction's scope; the joined query runs only when it has changed.
 */
export async function loadViewer(
  tx: TenantTx,
  claims: { tenantId: string; userId: string; sv: number },
  requestedUnitId: string | null,
) {
  const key = `${claims.tenantId}:${claims.userId}`;
  const cached = loaded.get(key);
  let row: ViewerRow | undefined;
  if (cached) {
    if ((await tx.$accessVersion) === cached.tenant.accessVersion) row = cached;
  }
  if (!row) {
    loaded.delete(key);
    [row] = await tx.$client<ViewerRow[]>`
      select
        json_build_object('id', u.id, 'username', u.username, 'fullNameTh', u.full_name_th, 'fullNameEn', u.full_name_en,
          'position', u.position, 'email', u.email, 'status', u.status, 'clearance', u.clearance,
          'classifiedAppointed', u.classified_appointed, 'sessionVersion', u.session_version,
          'mustChangePassword', u.must_change_password) as "user",
        json_build_object('id', t.id, 'code', t.code, 'nameTh', t.name_th, 'nameEn', t.name_en, 'ministryCode', t.ministry_code,
          'ownerNumber', t.owner_number, 'address', t.address, 'phone', t.phone, 'email', t.email, 'status', t.status,
          'settings', t.settings, 'accessVersion', t.access_version) as tenant,
        coalesce((
          select json_agg(json_build_object('unitId', m.unit_id, 'role', m.role, 'unitNameTh', un.name_th, 'unitNameEn', un.name_en, 'atRoot', un.parent_id is null)
                          order by m.created_at, un.name_th)
          from memberships m join units un on un.tenant_id = m.tenant_id and un.id = m.unit_id
          where m.tenant_id = u.tenant_id and m.user_id = u.id), '[]'::json) as memberships,
        coalesce((
          select json_agg(json_build_object('permission', o.permission, 'allowed', o.allowed))
          from permission_overrides o where o.tenant_id = u.tenant_id and o.user_id = u.id), '[]'::json) as overrides
      from users u join tenants t on t.id = u.tenant_id
      where u.tenant_id = ${claims.tenantId} and u.id = ${claims.userId}`;
    if (row) {
      if (loaded.size >= CACHE_MAX) loaded.delete(loaded.keys().next().value!);
      loaded.set(key, row);
      // The scope set the units this process knew; they changed since: set them as they are now.
      if (tx.$units !== null && tx.$units !== unitsOf(row)) await tx.$client`select set_config('app.units', ${unitsOf(row)}, true)`;
    }
  }
  // Checked on every request, cached or not: the claims' session version is the token's own.
  if (!row || row.user.status !== 'active' || row.user.sessionVersion !== claims.sv || row.tenant.status !== 'active') {
    throw new AppError('session_expired');
  }
  const actingUnitId = resolveActingUnit(row.memberships, requestedUnitId);
  return {
    user: row.user,
    tenant: row.tenant,
    memberships: row.memberships,
    actingUnitId,
    permissions: effectivePermissions({ memberships: row.memberships, overrides: row.overrides, actingUnitId }),
  };
}
