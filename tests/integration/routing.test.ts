import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordSealed, setUpKey, setUpRecovery } from './classified-support';
import { addPerson, callerFor, createAgency, grantClearance, headOfAgency, ownerSql, type TestAgency } from './factories';

const paper = (subject: string, extra: Record<string, unknown> = {}) => ({
  documentNumber: 'กค 0402/ว 77', letterDate: '2026-11-20', fromText: 'กรมบัญชีกลาง', toText: 'อธิบดีกรมทดสอบ',
  subject, urgency: 'normal' as const, secrecy: 'normal' as const, remarks: '', ...extra,
});

async function failure(promise: Promise<unknown>) {
  try { await promise; } catch (error) { if (error instanceof TRPCError) return error; throw error; }
  throw new Error('expected the call to fail');
}

type Caller = ReturnType<typeof callerFor>['caller'];
let a: TestAgency;
let registry: Caller;
let clerk: Caller;
let director: Caller;
let staff: Caller;
let ids: { clerk: string; director: string; staff: string };
let officerClaims: Awaited<ReturnType<typeof addPerson>>['claims'];

beforeAll(async () => {
  a = await createAgency('กรมทดสอบการส่งต่อ');
  const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  const c = await addPerson(a, 'clerk', [{ unitId: a.units.finance, role: 'unit_clerk' }]);
  const d = await addPerson(a, 'director', [{ unitId: a.rootUnitId, role: 'executive' }]);
  const s = await addPerson(a, 'staff', [{ unitId: a.units.central, role: 'staff' }]);
  [registry, clerk, director, staff] = [officer, c, d, s].map((p) => callerFor(p.claims).caller) as [Caller, Caller, Caller, Caller];
  ids = { clerk: c.id, director: d.id, staff: s.id };
  officerClaims = officer.claims;
});

async function registered(subject: string, extra: Record<string, unknown> = {}) {
  const { id } = await registry.intake.recordPaperLetter(paper(subject, extra));
  const r = await registry.registry.register({ letterId: id });
  return { id, ...r };
}

describe('routing, endorsements and the timeline', () => {
  it('routes a registered letter to a unit (to act) and a person (for information); both are told and see it unread', async () => {
    const letter = await registered('ขอความร่วมมือรายงานผลการเบิกจ่าย', { urgency: 'very_urgent' });
    await registry.letters.route({
      letterId: letter.id, note: 'โปรดพิจารณาดำเนินการ',
      targets: [{ unitId: a.units.finance, purpose: 'action' }, { userId: ids.director, purpose: 'information' }],
    });
    for (const person of [clerk, director]) {
      const notes = await person.letters.notifications();
      expect(notes.unread).toBe(1);
      expect(notes.items[0]).toMatchObject({ kind: 'letter_routed', letterId: letter.id, title: 'ขอความร่วมมือรายงานผลการเบิกจ่าย' });
      const [item] = await person.letters.inbox();
      expect(item).toMatchObject({ letterId: letter.id, readAt: null, urgency: 'very_urgent' });
    }
    expect(await staff.letters.inbox()).toEqual([]);
    await clerk.letters.markRead({ letterId: letter.id });
    expect((await clerk.letters.inbox())[0]!.readAt).not.toBeNull();
    expect((await clerk.letters.notifications()).unread).toBe(0);
    expect((await director.letters.notifications()).unread).toBe(1);
  });

  it('executives endorse with name, position and time; assignees record and close their parts; the last part closes the letter', async () => {
    const letter = await registered('ขอเชิญประชุมชี้แจงระเบียบการเบิกจ่าย');
    await registry.letters.route({ letterId: letter.id, note: '', targets: [{ unitId: a.units.finance, purpose: 'action' }, { userId: ids.director, purpose: 'information' }] });
    expect((await failure(staff.letters.endorse({ letterId: letter.id, text: 'ทราบ' }))).code).toBe('FORBIDDEN');
    await director.letters.endorse({ letterId: letter.id, text: 'ทราบ มอบกองคลังดำเนินการ' });

    const clerkPart = (await clerk.letters.inbox()).find((i) => i.letterId === letter.id)!;
    const directorPart = (await director.letters.inbox()).find((i) => i.letterId === letter.id)!;
    expect((await failure(staff.letters.recordAction({ assignmentId: clerkPart.assignmentId, text: 'x', close: true }))).code).toBe('NOT_FOUND');
    await clerk.letters.recordAction({ assignmentId: clerkPart.assignmentId, text: 'ประสานผู้เข้าร่วมประชุมแล้ว', close: false });
    expect(await clerk.letters.recordAction({ assignmentId: clerkPart.assignmentId, text: 'ส่งรายชื่อผู้เข้าประชุมแล้ว', close: true }))
      .toEqual({ closed: true, letterClosed: false });
    expect((await failure(clerk.letters.recordAction({ assignmentId: clerkPart.assignmentId, text: 'อีกครั้ง', close: true }))).code).toBe('CONFLICT');
    expect(await director.letters.recordAction({ assignmentId: directorPart.assignmentId, text: 'ทราบ', close: true }))
      .toEqual({ closed: true, letterClosed: true });

    const view = await registry.letters.get({ letterId: letter.id });
    expect(view.status).toBe('closed');
    expect(view.endorsements).toEqual([expect.objectContaining({ text: 'ทราบ มอบกองคลังดำเนินการ', authorName: 'นายdirector ทดสอบ', authorPosition: 'เจ้าหน้าที่' })]);
    expect(view.parts.map((p) => [p.targetName, p.purpose, p.outcome])).toEqual([
      ['กองคลัง', 'action', 'ส่งรายชื่อผู้เข้าประชุมแล้ว'], ['นายdirector ทดสอบ', 'information', 'ทราบ'],
    ]);
    expect(view.timeline.map((e) => e.action)).toEqual([
      'letter.received', 'letter.registered', 'letter.routed', 'letter.endorsed', 'letter.action_recorded', 'letter.part_closed', 'letter.part_closed', 'letter.closed',
    ]);
    expect(view.timeline.find((e) => e.action === 'letter.endorsed')!.actorName).toBe('นายdirector ทดสอบ');

    const register = await registry.registry.entries({ registerId: letter.registerId, yearBe: letter.year + 543 });
    const line = register.entries.find((e) => e.letterId === letter.id)!;
    expect(line.actions).toMatch(/^ส่ง กองคลัง \(ดำเนินการ\), นายdirector ทดสอบ \(ทราบ\); ดำเนินการเสร็จ [๐-๙]+ [ก-ฮ.]+ [๐-๙]{4}$/);
  });

  it('refuses to route a letter that is not registered, or a classified letter to someone not cleared; nothing is recorded', async () => {
    const owner = ownerSql();
    try {
      const { id } = await registry.intake.recordPaperLetter(paper('ยังไม่ลงรับ'));
      expect((await failure(registry.letters.route({ letterId: id, note: '', targets: [{ unitId: a.units.finance, purpose: 'action' }] }))).message).toBe('not_registered');
      await grantClearance(a, officerClaims.userId, 'secret');
      await setUpRecovery((await headOfAgency(a)).claims);
      const { letterId } = await recordSealed(await setUpKey(officerClaims), { ...paper('เรื่องลับ'), secrecy: 'confidential' });
      await registry.registry.register({ letterId });
      const secret = { id: letterId };
      const error = await failure(registry.letters.route({ letterId: secret.id, note: '', targets: [{ unitId: a.units.finance, purpose: 'action' }, { userId: ids.staff, purpose: 'action' }] }));
      expect(error.message).toBe('route_person_not_cleared');
      const rows = await owner`select count(*)::int as n from letter_assignments where tenant_id = ${a.tenantId} and letter_id in (${id}, ${secret.id})`;
      expect(rows[0]!.n).toBe(0);
      const audit = await owner`select count(*)::int as n from audit_log where tenant_id = ${a.tenantId} and action = 'letter.routed' and target_id in (${id}, ${secret.id})`;
      expect(audit[0]!.n).toBe(0);
    } finally {
      await owner.end();
    }
  });
});
