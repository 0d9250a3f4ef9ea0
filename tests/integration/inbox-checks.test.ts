import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { runInTenant } from '@/db/scope';
import { inboxChecks, users } from '@/db/schema';
import { remindMissedChecks } from '@/server/registry/inbox-checks';
import { addPerson, callerFor, createAgency, ownerSql } from './factories';

describe('the twice-daily inbox check (electronic rule 4.1.2)', () => {
  it('records checks, reminds the officers once per missed deadline (in-app and e-mail), and reports the month', async () => {
    const a = await createAgency('กรมทดสอบการตรวจหนังสือ');
    const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const clerk = await addPerson(a, 'clerk', [{ unitId: a.units.finance, role: 'unit_clerk' }]);
    await runInTenant({ tenantId: a.tenantId, userId: a.adminId }, (tx) => tx.update(users).set({ email: 'registry@test.go.th' }).where(eq(users.id, officer.id)));
    const registry = callerFor(officer.claims).caller;
    await callerFor(a.adminClaims).caller.agency.updateSettings({
      address: '', phone: '', email: '', thaiDigits: true, dateStyle: 'full',
      inboxCheck: { morning: '09:30', afternoon: '14:30', holidays: ['2026-12-07'] },
    });

    // Friday 20 November 2569, 09:45 in Bangkok: the morning deadline passed with no check.
    const friday = new Date('2026-11-20T09:45:00+07:00');
    expect(await remindMissedChecks(a.tenantId, friday)).toEqual(['morning']);
    expect(await remindMissedChecks(a.tenantId, new Date('2026-11-20T10:00:00+07:00'))).toEqual([]); // once per deadline
    const notes = await registry.letters.notifications();
    expect(notes.items.map((n) => [n.kind, n.title])).toEqual([['inbox_check_reminder', 'ยังไม่มีการตรวจหนังสือเข้าช่วงเช้า (ภายในเวลา 09:30 น.)']]);
    expect((await callerFor(clerk.claims).caller.letters.notifications()).unread).toBe(0);
    const [email] = await registry.mail.outbox();
    expect(email).toMatchObject({ kind: 'inbox_reminder', toAddress: 'registry@test.go.th', subject: 'เตือนตรวจหนังสือเข้าช่วงเช้า ๒๐ พ.ย. ๒๕๖๙' });
    // Saturday and the agency's holiday: no reminder.
    expect(await remindMissedChecks(a.tenantId, new Date('2026-11-21T16:00:00+07:00'))).toEqual([]);
    expect(await remindMissedChecks(a.tenantId, new Date('2026-12-07T16:00:00+07:00'))).toEqual([]);

    // A check is recorded with the server's time; the month's report places each check in its slot.
    await registry.registry.recordCheck();
    await runInTenant({ tenantId: a.tenantId, userId: officer.id }, (tx) => tx.insert(inboxChecks).values([
      { tenantId: a.tenantId, id: crypto.randomUUID(), userId: officer.id, userName: 'นายregistry ทดสอบ', checkedAt: new Date('2026-11-19T08:05:00+07:00') },
      { tenantId: a.tenantId, id: crypto.randomUUID(), userId: officer.id, userName: 'นายregistry ทดสอบ', checkedAt: new Date('2026-11-19T13:10:00+07:00') },
      { tenantId: a.tenantId, id: crypto.randomUUID(), userId: officer.id, userName: 'นายregistry ทดสอบ', checkedAt: new Date('2026-11-20T11:00:00+07:00') },
    ]));
    const report = await registry.registry.checkReport({ month: '2026-11' });
    const day = (date: string) => report.days.find((d) => d.date === date)!;
    expect(day('2026-11-19')).toMatchObject({ working: true, complete: true, morning: { userName: 'นายregistry ทดสอบ' }, afternoon: { userName: 'นายregistry ทดสอบ' } });
    expect(day('2026-11-20')).toMatchObject({ working: true, complete: false, morning: null }); // 11:00 is after the morning deadline
    expect(day('2026-11-20').afternoon?.checkedAt).toEqual(new Date('2026-11-20T11:00:00+07:00'));
    expect(day('2026-11-21')).toMatchObject({ working: false, complete: true });
    expect(report.settings).toEqual({ morning: '09:30', afternoon: '14:30', holidays: ['2026-12-07'] });
    const owner = ownerSql();
    try {
      const [row] = await owner`select count(*)::int as n from inbox_checks where tenant_id = ${a.tenantId} and user_id = ${officer.id}`;
      expect(row!.n).toBe(4); // the one recorded through the API and the three above
    } finally {
      await owner.end();
    }
  });

  it('refuses an afternoon deadline before the morning one', async () => {
    const a = await createAgency();
    await expect(callerFor(a.adminClaims).caller.agency.updateSettings({
      address: '', phone: '', email: '', thaiDigits: true, dateStyle: 'full', inboxCheck: { morning: '15:00', afternoon: '10:00', holidays: [] },
    })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
