import type { Clearance, Permission, Role } from '@/db/schema';

// The regulation's minimum is the right to open, receive and send, granted person
// by person; roles give sensible defaults and a per-person override wins.
const rolePermissions: Record<Role, readonly Permission[]> = {
  central_registry_officer: ['open', 'receive', 'send'],
  unit_clerk: ['open', 'receive', 'send'],
  executive: ['open', 'sign'],
  staff: ['open'],
  // A tenant admin manages people and settings but does not read letters by default.
  tenant_admin: ['admin'],
};

/** Permissions that hold across the agency whatever unit the person acts for. */
const agencyWide: readonly Permission[] = ['admin'];

export type MembershipLike = { unitId: string; role: Role };
export type OverrideLike = { permission: Permission; allowed: boolean };

export function permissionsOfRole(role: Role): readonly Permission[] {
  return rolePermissions[role];
}

export function effectivePermissions(input: {
  memberships: readonly MembershipLike[];
  overrides: readonly OverrideLike[];
  actingUnitId: string | null;
}): Set<Permission> {
  const result = new Set<Permission>();
  for (const m of input.memberships) {
    for (const p of rolePermissions[m.role]) {
      if (agencyWide.includes(p) || m.unitId === input.actingUnitId) result.add(p);
    }
  }
  for (const o of input.overrides) {
    if (o.allowed) result.add(o.permission);
    else result.delete(o.permission);
  }
  return result;
}

/** The unit a person acts for: the one asked for if they belong to it, else their first unit. */
export function resolveActingUnit(memberships: readonly MembershipLike[], requested: string | null | undefined) {
  if (requested && memberships.some((m) => m.unitId === requested)) return requested;
  return memberships[0]?.unitId ?? null;
}

export type Secrecy = 'normal' | 'confidential' | 'secret' | 'top_secret';

const clearanceRank: Record<Clearance, number> = { none: 0, confidential: 1, secret: 2 };
const secrecyRank: Record<Secrecy, number> = { normal: 0, confidential: 1, secret: 2, top_secret: 3 };

/**
 * Classified letters are opened only by appointed people with enough clearance
 * (Official Secrets Regulation 2544); ลับที่สุด is never handled in the system.
 */
export function canOpenSecrecy(person: { clearance: Clearance; classifiedAppointed: boolean }, secrecy: Secrecy) {
  if (secrecy === 'normal') return true;
  if (secrecy === 'top_secret') return false;
  return person.classifiedAppointed && clearanceRank[person.clearance] >= secrecyRank[secrecy];
}
