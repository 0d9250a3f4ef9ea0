import { TRPCError } from '@trpc/server';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { runInTenant } from '@/db/scope';
import { readSession } from '@/server/auth/read-session';
import { signIn } from '@/server/auth/sign-in';
import { THROTTLE, throttleKey } from '@/server/platform/sign-in-throttle';
import { addPerson, callerFor, createAgency, ownerSql, PASSWORD } from './factories';

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError) return `${error.code}:${error.message}`;
    throw error;
  }
}

describe('sign-in', () => {
  it('succeeds with agency code, username and password, case-insensitively for the names', async () => {
    const a = await createAgency();
    const result = await signIn({ kind: 'user', agencyCode: a.code.toUpperCase(), username: ' ADMIN ', password: PASSWORD });
    expect(result).toEqual({ ok: true, claims: { kind: 'user', tenantId: a.tenantId, userId: a.adminId, sv: 1 } });
  });

  it('answers the same for a wrong password, an unknown user, an unknown agency and a disabled user', async () => {
    const a = await createAgency();
    const staff = await addPerson(a, 'staff', [{ unitId: a.units.central, role: 'staff' }]);
    await callerFor(a.adminClaims).caller.people.setStatus({ userId: staff.id, status: 'disabled' });
    const answers = await Promise.all([
      signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: 'wrong-password-1' }),
      signIn({ kind: 'user', agencyCode: a.code, username: 'nobody', password: PASSWORD }),
      signIn({ kind: 'user', agencyCode: 'no-such-agency', username: 'admin', password: PASSWORD }),
      signIn({ kind: 'user', agencyCode: a.code, username: 'staff', password: PASSWORD }),
    ]);
    expect(answers).toEqual(Array(4).fill({ ok: false, reason: 'invalid' }));
  });

  it(`locks an account after ${THROTTLE.maxFailures} failures, even against the right password`, async () => {
    const a = await createAgency();
    for (let i = 0; i < THROTTLE.maxFailures; i++) {
      expect(await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: `wrong-${i}-password` })).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD })).toEqual({ ok: false, reason: 'locked' });
  });

  it('locks a username that does not exist in the same way, so lockout reveals nothing', async () => {
    const a = await createAgency();
    for (let i = 0; i < THROTTLE.maxFailures; i++) await signIn({ kind: 'user', agencyCode: a.code, username: 'ghost', password: 'wrong-password-1' });
    expect(await signIn({ kind: 'user', agencyCode: a.code, username: 'ghost', password: 'wrong-password-1' })).toEqual({ ok: false, reason: 'locked' });
  });

  it('lets the account in again once the lock has passed', async () => {
    const a = await createAgency();
    for (let i = 0; i < THROTTLE.maxFailures; i++) await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: 'wrong-password-1' });
    const sql = ownerSql();
    await sql`update sign_in_throttle set locked_until = now() - interval '1 second', window_started_at = now() - interval '1 hour'
      where key = ${throttleKey(['user', a.code, 'admin'])}`;
    await sql.end();
    expect((await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD })).ok).toBe(true);
  });

  it('records successful and failed sign-ins in the agency audit log', async () => {
    const a = await createAgency();
    await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: 'wrong-password-1' });
    await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD });
    const actions = (await callerFor(a.adminClaims).caller.audit.list({ limit: 10 })).map((r) => r.action);
    expect(actions.slice(0, 2)).toEqual(['auth.signed_in', 'auth.sign_in_failed']);
  });
});

describe('sessions', () => {
  it('a disabled user\'s existing session stops working at its next request', async () => {
    const a = await createAgency();
    const staff = await addPerson(a, 'staff', [{ unitId: a.units.central, role: 'staff' }]);
    const them = callerFor(staff.claims).caller;
    expect(await codeOf(them.me.get())).toBe('ok');
    await callerFor(a.adminClaims).caller.people.setStatus({ userId: staff.id, status: 'disabled' });
    expect(await codeOf(them.me.get())).toBe('UNAUTHORIZED:session_expired');
  });

  it('what a person may do follows every change at their next request (their access is kept only while their agency’s access version stands)', async () => {
    const a = await createAgency();
    const staff = await addPerson(a, 'staff2', [{ unitId: a.units.central, role: 'staff' }]);
    const them = callerFor(staff.claims).caller;
    const admin = callerFor(a.adminClaims).caller;
    expect((await them.me.get()).permissions).toEqual(['open']);
    await admin.people.setPermissions({ userId: staff.id, overrides: [{ permission: 'receive', allowed: true }] });
    expect((await them.me.get()).permissions).toEqual(['open', 'receive']);
    await admin.units.update({ unitId: a.units.central, parentId: a.rootUnitId, nameTh: 'กองกลาง (ใหม่)', nameEn: '', ownerNumber: '0105' });
    expect((await them.me.get()).memberships.map((m) => m.unitNameTh)).toEqual(['กองกลาง (ใหม่)']);
    await admin.agency.updateSettings({ address: '', phone: '', email: '', thaiDigits: false, dateStyle: 'short' });
    expect((await them.me.get()).agency.settings.thaiDigits).toBe(false);
    const { setAgencyStatus } = await import('@/server/platform/set-agency-status');
    await setAgencyStatus({ id: crypto.randomUUID(), fullName: 'ผู้ทดสอบ' }, { agencyId: a.tenantId, status: 'disabled' });
    expect(await codeOf(them.me.get())).toBe('UNAUTHORIZED:session_expired');
  });

  it('a transaction reads its agency’s access version with its scope, so a kept access costs no query of its own', async () => {
    const a = await createAgency();
    const version = (tenantId: string) => runInTenant({ tenantId, userId: null }, (tx) => tx.$accessVersion);
    const [row] = await ownerSql()<{ v: string }[]>`select access_version as v from tenants where id = ${a.tenantId}`;
    expect(await version(a.tenantId)).toBe(Number(row!.v));
    expect(await version(crypto.randomUUID())).toBeNull();
  });

  it('a password reset ends the sessions opened before it', async () => {
    const a = await createAgency();
    const staff = await addPerson(a, 'staff', [{ unitId: a.units.central, role: 'staff' }]);
    await callerFor(a.adminClaims).caller.people.resetPassword({ userId: staff.id, password: 'a-new-password-2' });
    expect(await codeOf(callerFor(staff.claims).caller.me.get())).toBe('UNAUTHORIZED:session_expired');
    expect(await codeOf(callerFor({ ...staff.claims, sv: 2 }).caller.me.get())).toBe('ok');
  });

  it('an expired session cookie is not accepted', async () => {
    const secret = process.env.NEXTAUTH_SECRET!;
    const claims = { kind: 'user', tenantId: '00000000-0000-4000-8000-000000000001', userId: '00000000-0000-4000-8000-000000000002', sv: 1 };
    const fresh = await encode({ token: { claims }, secret, maxAge: 60 });
    const expired = await encode({ token: { claims }, secret, maxAge: -60 });
    expect(await readSession(`next-auth.session-token=${fresh}`)).toEqual(claims);
    expect(await readSession(`next-auth.session-token=${expired}`)).toBeNull();
  });

  it('a session remembered as verified still ends when its token expires', async () => {
    const claims = { kind: 'user', tenantId: '00000000-0000-4000-8000-000000000001', userId: '00000000-0000-4000-8000-000000000003', sv: 1 };
    const token = await encode({ token: { claims }, secret: process.env.NEXTAUTH_SECRET!, maxAge: 1 });
    expect(await readSession(`next-auth.session-token=${token}`)).toEqual(claims);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await readSession(`next-auth.session-token=${token}`)).toBeNull();
  });

  it('a cookie made with another secret is not accepted', async () => {
    const forged = await encode({ token: { claims: { kind: 'operator', operatorId: 'x', sv: 1 } }, secret: 'another-secret-of-at-least-32-characters' });
    expect(await readSession(`next-auth.session-token=${forged}`)).toBeNull();
  });

  it('no session means UNAUTHORIZED, and an operator cannot use agency procedures', async () => {
    expect(await codeOf(callerFor(null).caller.units.list())).toBe('UNAUTHORIZED:unauthorized');
    expect(await codeOf(callerFor({ kind: 'operator', operatorId: '00000000-0000-4000-8000-000000000009', sv: 1 }).caller.units.list()))
      .toBe('UNAUTHORIZED:unauthorized');
  });
});

describe('step-up re-authentication', () => {
  it('accepts the person\'s own password and records it', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    const result = await caller.me.stepUp({ password: PASSWORD, purpose: 'ลงนามหนังสือ' });
    expect(result.verifiedAt).toBeInstanceOf(Date);
    expect((await caller.audit.list({ limit: 1 }))[0]?.action).toBe('auth.step_up');
  });

  it('refuses a wrong password and still records the failed attempt', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    expect(await codeOf(caller.me.stepUp({ password: 'wrong-password-1', purpose: 'ลงนามหนังสือ' }))).toBe('UNAUTHORIZED:wrong_password');
    expect((await caller.audit.list({ limit: 1 }))[0]?.action).toBe('auth.step_up_failed');
  });

  it('shares the sign-in lockout, so it cannot be used to guess passwords', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    for (let i = 0; i < THROTTLE.maxFailures; i++) await codeOf(caller.me.stepUp({ password: `wrong-${i}-password`, purpose: 'x' }));
    expect(await codeOf(caller.me.stepUp({ password: PASSWORD, purpose: 'x' }))).toBe('TOO_MANY_REQUESTS:too_many_attempts');
  });
});

describe('acting unit', () => {
  it('can be switched only to a unit the person belongs to, and is remembered in a cookie', async () => {
    const a = await createAgency();
    const multi = await addPerson(a, 'multi', [{ unitId: a.units.central, role: 'unit_clerk' }, { unitId: a.units.finance, role: 'staff' }]);
    const { caller, cookies } = callerFor(multi.claims);
    await caller.me.setActingUnit({ unitId: a.units.finance });
    expect(cookies.join()).toContain(`saraban_unit=${a.units.finance}`);
    expect((await callerFor(multi.claims, a.units.finance).caller.me.get()).permissions).toEqual(['open']);
    expect((await callerFor(multi.claims, a.units.central).caller.me.get()).permissions).toEqual(['open', 'receive', 'send']);
    expect(await codeOf(caller.me.setActingUnit({ unitId: a.rootUnitId }))).toBe('NOT_FOUND:not_found');
  });
});

describe('changing one\'s own password', () => {
  it('needs the current password, ends every session, and the new password signs in', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    expect(await codeOf(caller.me.changePassword({ currentPassword: 'wrong-password-1', newPassword: 'brand-new-password' })))
      .toBe('UNAUTHORIZED:wrong_password');
    expect(await codeOf(caller.me.changePassword({ currentPassword: PASSWORD, newPassword: PASSWORD }))).toMatch(/^BAD_REQUEST:.*same_password/s);
    await caller.me.changePassword({ currentPassword: PASSWORD, newPassword: 'brand-new-password' });
    expect(await codeOf(caller.me.get())).toBe('UNAUTHORIZED:session_expired');
    expect((await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD })).ok).toBe(false);
    expect((await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: 'brand-new-password' })).ok).toBe(true);
  });
});
