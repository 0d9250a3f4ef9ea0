import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { runInTenant } from '@/db/scope';
import { readSession } from '@/server/auth/read-session';
import { endUserSession, sessionLimits } from '@/server/auth/sessions';
import { endOperatorSession } from '@/server/platform/operator-sessions';
import { signIn } from '@/server/auth/sign-in';
import { recordSignInFailure, THROTTLE, throttleKeysFor } from '@/server/platform/sign-in-throttle';
import { addPerson, callerFor, createAgency, operatorClaims, ownerSql, PASSWORD, uniqueCode, userClaims } from './factories';

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
    expect(result).toEqual({ ok: true, claims: { kind: 'user', tenantId: a.tenantId, userId: a.adminId, sv: 1, sid: expect.any(String) } });
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

  let hosts = 0;
  const nextAddress = () => `198.51.100.${++hosts}`;
  const guesses = THROTTLE.accountAtAddress.free + 1;

  it('makes a guesser at one address wait after a few failures, even with the right password', async () => {
    const a = await createAgency();
    const attacker = nextAddress();
    for (let i = 0; i < guesses; i++) {
      expect(await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: `wrong-${i}-password`, ip: attacker })).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD, ip: attacker })).toEqual({ ok: false, reason: 'locked' });
  });

  it('never locks the person out: the right password from their own address still signs in', async () => {
    const a = await createAgency();
    const attacker = nextAddress();
    for (let i = 0; i < guesses + 2; i++) await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: `wrong-${i}-password`, ip: attacker });
    expect(await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD, ip: attacker })).toEqual({ ok: false, reason: 'locked' });
    expect((await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD, ip: '203.0.113.20' })).ok).toBe(true);
  });

  it('doubles the wait with each further failure, capped per key', async () => {
    const a = await createAgency();
    const keys = throttleKeysFor(['user', a.code, 'admin'], nextAddress());
    const sql = ownerSql();
    const waits = [];
    for (let i = 0; i < guesses + 3; i++) {
      await recordSignInFailure(keys);
      const [row] = await sql<[{ s: number | null }]>`select extract(epoch from locked_until - now())::float8 as s from sign_in_throttle where key = ${keys[0]!.key}`;
      waits.push(row.s === null ? 0 : Math.round(row.s));
    }
    await sql.end();
    expect(waits).toEqual([0, 0, 0, 1, 2, 4, 8]);
  });

  it('slows a username that does not exist in the same way, so the throttle reveals nothing', async () => {
    const a = await createAgency();
    const attacker = nextAddress();
    for (let i = 0; i < guesses; i++) await signIn({ kind: 'user', agencyCode: a.code, username: 'ghost', password: 'wrong-password-1', ip: attacker });
    expect(await signIn({ kind: 'user', agencyCode: a.code, username: 'ghost', password: 'wrong-password-1', ip: attacker })).toEqual({ ok: false, reason: 'locked' });
  });

  it('slows one address trying many accounts', async () => {
    const a = await createAgency();
    for (let i = 0; i < THROTTLE.address.free + 1; i++) await signIn({ kind: 'user', agencyCode: a.code, username: `user${i}`, password: 'wrong-password-1', ip: '198.51.100.199' });
    expect(await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD, ip: '198.51.100.199' })).toEqual({ ok: false, reason: 'locked' });
  });

  it('lets the account in again once the wait has passed', async () => {
    const a = await createAgency();
    const attacker = nextAddress();
    for (let i = 0; i < guesses; i++) await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: 'wrong-password-1', ip: attacker });
    const sql = ownerSql();
    await sql`update sign_in_throttle set locked_until = now() - interval '1 second'
      where key in ${sql(throttleKeysFor(['user', a.code, 'admin'], attacker).map((k) => k.key))}`;
    await sql.end();
    expect((await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD, ip: attacker })).ok).toBe(true);
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

  it('a password an admin issued (a new person, a reset, an agency’s first admin) must be changed before anything else; the one chosen is the person’s alone', async () => {
    const a = await createAgency();
    const admin = callerFor(a.adminClaims).caller;
    const { id } = await admin.people.create({
      username: 'wanpen', password: 'issued-password-1', fullNameTh: 'นางวันเพ็ญ ทดสอบ', fullNameEn: '', position: 'เจ้าหน้าที่', email: '',
      memberships: [{ unitId: a.units.central, role: 'staff' }],
    });
    expect((await signIn({ kind: 'user', agencyCode: a.code, username: 'wanpen', password: 'issued-password-1' })).ok).toBe(true);
    const claims = await userClaims(a.tenantId, id);
    const issued = callerFor(claims).caller;
    // Only who they are, and the change itself: nothing else answers, whatever it is.
    expect((await issued.me.get()).user.mustChangePassword).toBe(true);
    expect(await codeOf(issued.letters.notifications())).toBe('FORBIDDEN:password_change_required');
    expect(await codeOf(issued.units.list())).toBe('FORBIDDEN:password_change_required');
    expect(await codeOf(issued.me.setActingUnit({ unitId: a.units.central }))).toBe('FORBIDDEN:password_change_required');
    await issued.me.changePassword({ currentPassword: 'issued-password-1', newPassword: 'wanpen-own-password' });
    // Every session ended with the change; signed in again with their own password, they work.
    expect((await signIn({ kind: 'user', agencyCode: a.code, username: 'wanpen', password: 'issued-password-1' })).ok).toBe(false);
    expect((await signIn({ kind: 'user', agencyCode: a.code, username: 'wanpen', password: 'wanpen-own-password' })).ok).toBe(true);
    const own = callerFor(await userClaims(a.tenantId, id, 2)).caller;
    expect((await own.me.get()).user.mustChangePassword).toBe(false);
    expect(await codeOf(own.units.list())).toBe('ok');
    // A reset issues a password again.
    await admin.people.resetPassword({ userId: id, password: 'reset-password-3' });
    expect(await codeOf(callerFor(await userClaims(a.tenantId, id, 3)).caller.units.list())).toBe('FORBIDDEN:password_change_required');
    // The first admin of an agency the platform provisions holds the operator's password until they change it.
    const { createAgency: provision } = await import('@/server/platform/create-agency');
    const { adminId } = await provision({ id: randomUUID(), fullName: 'ผู้ดูแลแพลตฟอร์ม' }, {
      code: uniqueCode(), nameTh: 'กรมทดสอบ', nameEn: '', ministryCode: 'นร', ownerNumber: '0105', address: '', phone: '', email: '',
      admin: { username: 'admin', fullNameTh: 'นายผู้ดูแล ทดสอบ', position: '', email: '', password: PASSWORD },
    });
    const [first] = await ownerSql()<{ must: boolean }[]>`select must_change_password as must from users where id = ${adminId}`;
    expect(first!.must).toBe(true);
  });

  it('an expired session cookie is not accepted', async () => {
    const secret = process.env.NEXTAUTH_SECRET!;
    const claims = { kind: 'user', tenantId: '00000000-0000-4000-8000-000000000001', userId: '00000000-0000-4000-8000-000000000002', sv: 1, sid: randomUUID() };
    const fresh = await encode({ token: { claims }, secret, maxAge: 60 });
    const expired = await encode({ token: { claims }, secret, maxAge: -60 });
    expect(await readSession(`next-auth.session-token=${fresh}`)).toEqual(claims);
    expect(await readSession(`next-auth.session-token=${expired}`)).toBeNull();
  });

  it('a session remembered as verified still ends when its token expires', async () => {
    const claims = { kind: 'user', tenantId: '00000000-0000-4000-8000-000000000001', userId: '00000000-0000-4000-8000-000000000003', sv: 1, sid: randomUUID() };
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
    expect(await codeOf(callerFor({ kind: 'operator', operatorId: '00000000-0000-4000-8000-000000000009', sv: 1, sid: randomUUID() }).caller.units.list()))
      .toBe('UNAUTHORIZED:unauthorized');
  });
});

describe('step-up re-authentication', () => {
  it('accepts the person\'s own password and records it', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    const result = await caller.me.stepUp({ password: PASSWORD });
    expect(result.verifiedAt).toBeInstanceOf(Date);
    expect((await caller.audit.list({ limit: 1 }))[0]?.action).toBe('auth.step_up');
  });

  it('refuses a wrong password and still records the failed attempt', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    expect(await codeOf(caller.me.stepUp({ password: 'wrong-password-1' }))).toBe('UNAUTHORIZED:wrong_password');
    expect((await caller.audit.list({ limit: 1 }))[0]?.action).toBe('auth.step_up_failed');
  });

  it('is throttled like sign-in, so it cannot be used to guess passwords', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    for (let i = 0; i < THROTTLE.accountAtAddress.free + 1; i++) await codeOf(caller.me.stepUp({ password: `wrong-${i}-password` }));
    expect(await codeOf(caller.me.stepUp({ password: PASSWORD }))).toBe('TOO_MANY_REQUESTS:too_many_attempts');
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

describe('server-side sessions', () => {
  async function signedIn() {
    const a = await createAgency();
    const result = await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: PASSWORD, ip: '192.0.2.10' });
    if (!result.ok || result.claims.kind !== 'user') throw new Error('sign-in failed');
    return { a, claims: result.claims };
  }

  it('sign-out revokes the session on the server: the same cookie opens nothing afterwards', async () => {
    const { claims } = await signedIn();
    expect(await codeOf(callerFor(claims).caller.me.get())).toBe('ok');
    await endUserSession(claims.tenantId, claims.userId, claims.sid);
    expect(await codeOf(callerFor(claims).caller.me.get())).toBe('UNAUTHORIZED:session_expired');
  });

  it('ends at its absolute end, however fresh the cookie is', async () => {
    const { claims } = await signedIn();
    const sql = ownerSql();
    await sql`update user_sessions set ends_at = now() - interval '1 second' where id = ${claims.sid}`;
    await sql.end();
    expect(await codeOf(callerFor(claims).caller.me.get())).toBe('UNAUTHORIZED:session_expired');
  });

  it('ends after the idle time without a request, and each request keeps it alive', async () => {
    const { claims } = await signedIn();
    const sql = ownerSql();
    const idle = sessionLimits().idleMinutes;
    await sql`update user_sessions set last_seen_at = now() - make_interval(mins => ${idle - 1}) where id = ${claims.sid}`;
    expect(await codeOf(callerFor(claims).caller.me.get())).toBe('ok');
    const [seen] = await sql<[{ ago: number }]>`select extract(epoch from now() - last_seen_at)::float8 as ago from user_sessions where id = ${claims.sid}`;
    expect(seen.ago).toBeLessThan(5);
    await sql`update user_sessions set last_seen_at = now() - make_interval(mins => ${idle + 1}) where id = ${claims.sid}`;
    await sql.end();
    expect(await codeOf(callerFor(claims).caller.me.get())).toBe('UNAUTHORIZED:session_expired');
  });

  it('a platform operator\'s session ends at sign-out too', async () => {
    const sql = ownerSql();
    const operatorId = randomUUID();
    await sql`insert into platform_operators (id, username, full_name, password_hash) values (${operatorId}, ${`op-${operatorId.slice(0, 8)}`}, 'ผู้ให้บริการ', 'x')`;
    await sql.end();
    const claims = await operatorClaims(operatorId);
    expect(await codeOf(callerFor(claims).caller.platform.agencies())).toBe('ok');
    await endOperatorSession(operatorId, claims.sid);
    expect(await codeOf(callerFor(claims).caller.platform.agencies())).toBe('UNAUTHORIZED:session_expired');
  });

  it('a cookie naming a session that does not exist, or another person\'s, opens nothing', async () => {
    const { a, claims } = await signedIn();
    const other = await addPerson(a, 'staff', [{ unitId: a.units.central, role: 'staff' }]);
    expect(await codeOf(callerFor({ ...claims, sid: randomUUID() }).caller.me.get())).toBe('UNAUTHORIZED:session_expired');
    expect(await codeOf(callerFor({ ...other.claims, sid: claims.sid }).caller.me.get())).toBe('UNAUTHORIZED:session_expired');
  });
});
