import { describe, expect, it } from 'vitest';
import { canOpenSecrecy, effectivePermissions, resolveActingUnit } from '@/server/auth/permissions';

const central = '00000000-0000-4000-8000-000000000001';
const finance = '00000000-0000-4000-8000-000000000002';

describe('effective permissions', () => {
  it('a central registry officer may open, receive and send in their unit', () => {
    const p = effectivePermissions({ memberships: [{ unitId: central, role: 'central_registry_officer' }], overrides: [], actingUnitId: central });
    expect([...p].sort()).toEqual(['open', 'receive', 'send']);
  });

  it('roles count only in the unit the person acts for', () => {
    const memberships = [{ unitId: central, role: 'unit_clerk' as const }, { unitId: finance, role: 'staff' as const }];
    expect([...effectivePermissions({ memberships, overrides: [], actingUnitId: central })].sort()).toEqual(['open', 'receive', 'send']);
    expect([...effectivePermissions({ memberships, overrides: [], actingUnitId: finance })]).toEqual(['open']);
  });

  it('a tenant admin administers the whole agency but cannot open letters by default', () => {
    const p = effectivePermissions({ memberships: [{ unitId: central, role: 'tenant_admin' }], overrides: [], actingUnitId: finance });
    expect([...p]).toEqual(['admin']);
  });

  it('an executive opens and signs but does not register incoming letters', () => {
    const p = effectivePermissions({ memberships: [{ unitId: central, role: 'executive' }], overrides: [], actingUnitId: central });
    expect([...p].sort()).toEqual(['open', 'sign']);
  });

  it('a per-person grant adds a permission the roles do not give', () => {
    const p = effectivePermissions({
      memberships: [{ unitId: central, role: 'staff' }], overrides: [{ permission: 'send', allowed: true }], actingUnitId: central,
    });
    expect([...p].sort()).toEqual(['open', 'send']);
  });

  it('a per-person withdrawal wins over every role', () => {
    const p = effectivePermissions({
      memberships: [{ unitId: central, role: 'central_registry_officer' }, { unitId: central, role: 'unit_clerk' }],
      overrides: [{ permission: 'receive', allowed: false }], actingUnitId: central,
    });
    expect([...p].sort()).toEqual(['open', 'send']);
  });

  it('a person with no membership has no permission', () => {
    expect(effectivePermissions({ memberships: [], overrides: [], actingUnitId: null }).size).toBe(0);
  });
});

describe('acting unit', () => {
  const memberships = [{ unitId: central, role: 'unit_clerk' as const }, { unitId: finance, role: 'staff' as const }];

  it('is the unit asked for when the person belongs to it', () => {
    expect(resolveActingUnit(memberships, finance)).toBe(finance);
  });

  it('falls back to the first unit when the unit asked for is not theirs', () => {
    expect(resolveActingUnit(memberships, '00000000-0000-4000-8000-000000000099')).toBe(central);
    expect(resolveActingUnit(memberships, null)).toBe(central);
  });

  it('is none for a person without units', () => {
    expect(resolveActingUnit([], central)).toBeNull();
  });
});

describe('secrecy', () => {
  it('anyone may open a normal letter', () => {
    expect(canOpenSecrecy({ clearance: 'none', classifiedAppointed: false }, 'normal')).toBe(true);
  });

  it('classified letters need both the appointment and enough clearance', () => {
    expect(canOpenSecrecy({ clearance: 'secret', classifiedAppointed: false }, 'confidential')).toBe(false);
    expect(canOpenSecrecy({ clearance: 'confidential', classifiedAppointed: true }, 'confidential')).toBe(true);
    expect(canOpenSecrecy({ clearance: 'confidential', classifiedAppointed: true }, 'secret')).toBe(false);
    expect(canOpenSecrecy({ clearance: 'secret', classifiedAppointed: true }, 'secret')).toBe(true);
  });

  it('top secret is never opened in the system', () => {
    expect(canOpenSecrecy({ clearance: 'secret', classifiedAppointed: true }, 'top_secret')).toBe(false);
  });
});
