import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { addPerson, callerFor, createAgency, grantClearance, headOfAgency, operatorClaims, ownerSql, userClaims } from './factories';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function countRows(table: string, tenantId: string) {
  const sql = ownerSql();
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)} where tenant_id = ${tenantId}`;
    return row!.n;
  } finally {
    await sql.end();
  }
}

const person = (unitId: string, username = 'wanpen') => ({
  username, password: 'a-good-password', fullNameTh: 'นางวันเพ็ญ รักงาน', fullNameEn: 'Wanpen Rakngan',
  position: 'เจ้าพนักงานธุรการ', email: 'wanpen@example.go.th', memberships: [{ unitId, role: 'unit_clerk' as const }],
});

describe('tenant administration', () => {
  it('an admin adds a person, whose roles, grants and clearance take effect', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    const { id } = await caller.people.create(person(a.units.central));
    await caller.people.setPermissions({ userId: id, overrides: [{ permission: 'sign', allowed: true }, { permission: 'send', allowed: false }] });
    await grantClearance(a, id, 'confidential');
    const me = await callerFor(await userClaims(a.tenantId, id)).caller.me.get();
    expect(me.permissions).toEqual(['open', 'receive', 'sign']);
    expect(me.user).toMatchObject({ clearance: 'confidential', classifiedAppointed: true, username: 'wanpen' });
    const actions = (await caller.audit.list({ limit: 10 })).map((r) => r.action);
    expect(actions.filter((x) => x.includes('clearance') || x === 'person.permissions_changed'))
      .toEqual(['clearance.approved', 'person.clearance_changed', 'clearance.requested', 'person.permissions_changed']);
  });

  it('a taken username is refused and nothing is written', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    await caller.people.create(person(a.units.central));
    const [users, audit] = [await countRows('users', a.tenantId), await countRows('audit_log', a.tenantId)];
    const error = await failure(caller.people.create({ ...person(a.units.finance), username: 'WANPEN' }));
    expect([error.code, error.message]).toEqual(['CONFLICT', 'username_taken']);
    expect([await countRows('users', a.tenantId), await countRows('audit_log', a.tenantId)]).toEqual([users, audit]);
  });

  it('malformed and oversized input is a BAD_REQUEST with the fields named, and nothing is written', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    const before = await countRows('users', a.tenantId);
    const error = await failure(caller.people.create({
      ...person(a.units.central), username: 'มีช่องว่าง และภาษาไทย', password: 'short', fullNameTh: 'ก'.repeat(5000), email: 'not-an-email',
    }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.cause?.name).toBe('ZodError');
    const fields = (error.cause as unknown as { issues: Array<{ path: string[] }> }).issues.map((i) => i.path.join('.')).sort();
    expect(fields).toEqual(['email', 'fullNameTh', 'password', 'username']);
    expect(await countRows('users', a.tenantId)).toBe(before);
  });

  it('a common or breached password is refused with its own reason, for a new person, a reset and one\'s own change', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    const before = await countRows('users', a.tenantId);
    for (const weak of ['aaaaaaaaaa', '1234567890', 'password123', 'qwertyuiop']) {
      const error = await failure(caller.people.create({ ...person(a.units.central), password: weak }));
      expect([error.code, (error.cause as unknown as { issues: Array<{ path: string[]; message: string }> }).issues.map((i) => `${i.path.join('.')}:${i.message}`)])
        .toEqual(['BAD_REQUEST', ['password:password_too_common']]);
    }
    expect(await countRows('users', a.tenantId)).toBe(before);
    expect((await failure(caller.people.resetPassword({ userId: a.adminId, password: 'iloveyou12' }))).code).toBe('BAD_REQUEST');
    expect((await failure(caller.me.changePassword({ currentPassword: 'test-password-1', newPassword: 'P@ssw0rd2024' }))).code).toBe('BAD_REQUEST');
  });

  it('a person whose unit fails to validate is not created half-way', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    const before = await countRows('users', a.tenantId);
    const error = await failure(caller.people.create(person('00000000-0000-4000-8000-0000000000aa')));
    expect(error.code).toBe('NOT_FOUND');
    expect(await countRows('users', a.tenantId)).toBe(before);
  });

  it('staff cannot administer: FORBIDDEN', async () => {
    const a = await createAgency();
    const staff = await addPerson(a, 'staff', [{ unitId: a.units.central, role: 'staff' }]);
    const error = await failure(callerFor(staff.claims).caller.people.list());
    expect([error.code, error.message]).toEqual(['FORBIDDEN', 'forbidden']);
  });

  it('a tenant admin does not hold the right to open letters by default', async () => {
    const a = await createAgency();
    expect((await callerFor(a.adminClaims).caller.me.get()).permissions).toEqual(['admin']);
  });

  it('an admin cannot disable themself, and the agency keeps at least one active admin', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    expect((await failure(caller.people.setStatus({ userId: a.adminId, status: 'disabled' }))).message).toBe('cannot_disable_self');
    expect((await failure(caller.people.setMemberships({ userId: a.adminId, memberships: [{ unitId: a.rootUnitId, role: 'staff' }] }))).message)
      .toBe('last_admin');
    expect((await caller.me.get()).permissions).toEqual(['admin']);
  });

  it('units form a tree: a unit cannot move under its own child, and the agency root cannot move', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    const section = await caller.units.create({ parentId: a.units.central, nameTh: 'ฝ่ายสารบรรณ', nameEn: '', ownerNumber: '0105.1' });
    const moveUnderChild = { unitId: a.units.central, parentId: section.id, nameTh: 'กองกลาง', nameEn: '', ownerNumber: '0105', active: true };
    expect((await failure(caller.units.update(moveUnderChild))).message).toBe('unit_move_invalid');
    expect((await failure(caller.units.update({ ...moveUnderChild, unitId: a.rootUnitId, parentId: a.units.central }))).message).toBe('unit_move_invalid');
    await caller.units.update({ ...moveUnderChild, parentId: a.units.finance, nameTh: 'กองกลาง (ย้าย)' });
    const moved = (await caller.units.list()).find((u) => u.id === a.units.central);
    expect(moved).toMatchObject({ parentId: a.units.finance, nameTh: 'กองกลาง (ย้าย)' });
  });

  it('agency settings change the date style and digits the agency uses', async () => {
    const a = await createAgency();
    const { caller } = callerFor(a.adminClaims);
    await caller.agency.updateSettings({ address: 'ถนนราชดำเนินนอก', phone: '0 2000 0000', email: 'saraban@example.go.th', thaiDigits: false, dateStyle: 'short' });
    expect(await caller.agency.get()).toMatchObject({ address: 'ถนนราชดำเนินนอก', settings: { thaiDigits: false, dateStyle: 'short' } });
  });
});

describe('clearance by two people', () => {
  it('an admin cannot clear or appoint anyone alone, himself included: it waits for the head of agency, and both are recorded', async () => {
    const a = await createAgency();
    const admin = callerFor(a.adminClaims).caller;
    const asked = await admin.people.setClearance({ userId: a.adminId, clearance: 'secret', classifiedAppointed: true });
    expect(asked.state).toBe('pending');
    expect((await admin.me.get()).user).toMatchObject({ clearance: 'none', classifiedAppointed: false });
    // He may not approve it himself, nor may a second admin or an ordinary executive of a unit.
    expect((await failure(admin.people.decideClearance({ requestId: asked.requestId!, approve: true }))).message).toBe('clearance_approver_invalid');
    const deputy = await addPerson(a, 'deputy', [{ unitId: a.units.central, role: 'executive' }, { unitId: a.rootUnitId, role: 'tenant_admin' }]);
    expect((await failure(callerFor(deputy.claims).caller.people.decideClearance({ requestId: asked.requestId!, approve: true }))).message).toBe('clearance_approver_invalid');
    // Nor can the app role's own connection raise it without an approval in the same transaction.
    const sql = ownerSql();
    try {
      await expect(sql.begin(async (t) => {
        await t`set local role saraban_app`;
        await t`select set_config('app.tenant_id', ${a.tenantId}, true), set_config('app.user_id', ${a.adminId}, true)`;
        await t`update users set clearance = 'secret', classified_appointed = true where tenant_id = ${a.tenantId} and id = ${a.adminId}`;
      })).rejects.toThrow(/clearance_needs_approval/);
      await expect(sql.begin(async (t) => {
        await t`set local role saraban_app`;
        await t`select set_config('app.tenant_id', ${a.tenantId}, true), set_config('app.user_id', ${a.adminId}, true)`;
        await t`update clearance_requests set state = 'approved', decided_by = ${a.adminId}, decided_by_name = 'x', decided_at = now() where tenant_id = ${a.tenantId} and id = ${asked.requestId!}`;
      })).rejects.toThrow(/clearance_approver_invalid/);
    } finally {
      await sql.end();
    }
    expect((await admin.people.clearanceRequests()).requests.map((r) => r.id)).toEqual([asked.requestId]);

    const head = await headOfAgency(a);
    const headCaller = callerFor(head.claims).caller;
    expect((await headCaller.people.clearanceRequests()).mayApprove).toBe(true);
    expect(await headCaller.people.decideClearance({ requestId: asked.requestId!, approve: true })).toEqual({ state: 'approved' });
    expect((await admin.me.get()).user).toMatchObject({ clearance: 'secret', classifiedAppointed: true });
    expect((await failure(headCaller.people.decideClearance({ requestId: asked.requestId!, approve: false }))).message).toBe('clearance_already_decided');
    const [changed] = (await admin.audit.list({ limit: 10 })).filter((e) => e.action === 'person.clearance_changed');
    expect(changed!.data).toMatchObject({ requestedBy: { id: a.adminId }, approvedBy: { id: head.id }, after: { clearance: 'secret', classifiedAppointed: true } });
  });

  it('the head cannot approve their own clearance; the classified-documents registrar can, and a refusal changes nothing', async () => {
    const a = await createAgency();
    const admin = callerFor(a.adminClaims).caller;
    const head = await headOfAgency(a);
    const own = await admin.people.setClearance({ userId: head.id, clearance: 'secret', classifiedAppointed: true });
    expect((await failure(callerFor(head.claims).caller.people.decideClearance({ requestId: own.requestId!, approve: true }))).message).toBe('clearance_approver_invalid');
    const registrar = await addPerson(a, 'registrar', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    expect((await failure(callerFor(registrar.claims).caller.people.decideClearance({ requestId: own.requestId!, approve: true }))).message).toBe('clearance_approver_invalid');
    await grantClearance(a, registrar.id, 'secret');
    expect(await callerFor(registrar.claims).caller.people.decideClearance({ requestId: own.requestId!, approve: true })).toEqual({ state: 'approved' });

    const staff = await addPerson(a, 'staff', [{ unitId: a.units.central, role: 'staff' }]);
    const refused = await admin.people.setClearance({ userId: staff.id, clearance: 'confidential', classifiedAppointed: true });
    expect(await callerFor(head.claims).caller.people.decideClearance({ requestId: refused.requestId!, approve: false, reason: 'ไม่มีหน้าที่เกี่ยวข้อง' })).toEqual({ state: 'rejected' });
    expect((await callerFor(staff.claims).caller.me.get()).user).toMatchObject({ clearance: 'none', classifiedAppointed: false });
    // Withdrawing takes effect at once, without a second person.
    expect((await admin.people.setClearance({ userId: registrar.id, clearance: 'none', classifiedAppointed: false })).state).toBe('applied');
    expect((await callerFor(registrar.claims).caller.me.get()).user).toMatchObject({ clearance: 'none', classifiedAppointed: false });
    expect((await failure(callerFor(staff.claims).caller.people.clearanceRequests())).message).toBe('forbidden');
  });
});

describe('platform operators', () => {
  it('create an agency with its first admin, all or nothing, and a taken code is refused', async () => {
    const operatorId = '00000000-0000-4000-8000-0000000000ff';
    const sql = ownerSql();
    await sql`insert into platform_operators (id, username, full_name, password_hash) values (${operatorId}, 'op-test', 'ผู้ให้บริการ', 'x') on conflict do nothing`;
    await sql.end();
    const operator = await operatorClaims(operatorId);
    const { caller: root } = callerFor(operator);
    const caller = root.platform;
    const input = {
      code: `t-${Date.now()}`, nameTh: 'สำนักงานทดสอบ', nameEn: '', ministryCode: 'ศธ', ownerNumber: '0401', address: '', phone: '', email: '',
      admin: { username: 'first', fullNameTh: 'นางสาวผู้ดูแล คนแรก', position: '', email: '', password: 'first-admin-password' },
    };
    const { tenantId } = await caller.createAgency(input);
    expect((await caller.agencies()).some((x) => x.id === tenantId)).toBe(true);
    const error = await failure(caller.createAgency(input));
    expect([error.code, error.message]).toEqual(['CONFLICT', 'agency_code_taken']);
  });
});

describe('suspending an agency', () => {
  it('refuses sign-in, ends open sessions and hides it from the directory until restored', async () => {
    const a = await createAgency();
    const b = await createAgency();
    const operatorId = '00000000-0000-4000-8000-0000000000fe';
    const sql = ownerSql();
    await sql`insert into platform_operators (id, username, full_name, password_hash) values (${operatorId}, 'op-suspend', 'ผู้ให้บริการ', 'x') on conflict do nothing`;
    await sql.end();
    const operator = await operatorClaims(operatorId);
    const platform = callerFor(operator).caller.platform;
    const { signIn } = await import('@/server/auth/sign-in');

    await platform.setAgencyStatus({ agencyId: a.tenantId, status: 'disabled' });
    expect((await failure(callerFor(a.adminClaims).caller.me.get())).message).toBe('session_expired');
    expect(await signIn({ kind: 'user', agencyCode: a.code, username: 'admin', password: 'test-password-1' })).toEqual({ ok: false, reason: 'invalid' });
    expect((await callerFor(b.adminClaims).caller.agency.directory()).some((x) => x.id === a.tenantId)).toBe(false);

    await platform.setAgencyStatus({ agencyId: a.tenantId, status: 'active' });
    expect((await callerFor(a.adminClaims).caller.me.get()).agency.id).toBe(a.tenantId);
    expect((await failure(platform.setAgencyStatus({ agencyId: '00000000-0000-4000-8000-0000000000aa', status: 'disabled' }))).code).toBe('NOT_FOUND');
  });

  it('an agency cannot change its own status or codes, even with raw SQL as the app role', async () => {
    const a = await createAgency();
    const app = (await import('postgres')).default(process.env.DATABASE_APP_URL!, { max: 1, onnotice: () => {} });
    try {
      await expect(app.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${a.tenantId}, true)`;
        await tx`update tenants set status = 'disabled'`;
      })).rejects.toThrow(/permission denied/);
      await expect(app.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${a.tenantId}, true)`;
        await tx`update tenants set ministry_code = 'มท'`;
      })).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });
});
