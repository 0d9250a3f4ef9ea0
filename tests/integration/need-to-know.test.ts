import { beforeAll, describe, expect, it } from 'vitest';
import { addPerson, callerFor, createAgency, errorKey, PASSWORD, type TestAgency } from './factories';

let a: TestAgency;
type Caller = ReturnType<typeof callerFor>['caller'];
let people: { registry: Caller; centralClerk: Caller; financeClerk: Caller; financeStaff: Caller; chief: Caller; colleague: Caller };
let ids: { financeStaff: string; chief: string };

beforeAll(async () => {
  a = await createAgency();
  const registry = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  const centralClerk = await addPerson(a, 'clerk', [{ unitId: a.units.central, role: 'unit_clerk' }]);
  const colleague = await addPerson(a, 'colleague', [{ unitId: a.units.central, role: 'unit_clerk' }]);
  const financeClerk = await addPerson(a, 'finclerk', [{ unitId: a.units.finance, role: 'unit_clerk' }]);
  const financeStaff = await addPerson(a, 'finstaff', [{ unitId: a.units.finance, role: 'staff' }]);
  const chief = await addPerson(a, 'chief', [{ unitId: a.rootUnitId, role: 'executive' }]);
  people = {
    registry: callerFor(registry.claims).caller, centralClerk: callerFor(centralClerk.claims).caller, colleague: callerFor(colleague.claims).caller,
    financeClerk: callerFor(financeClerk.claims).caller, financeStaff: callerFor(financeStaff.claims).caller, chief: callerFor(chief.claims).caller,
  };
  ids = { financeStaff: financeStaff.id, chief: chief.id };
});

describe('need to know inside an agency', () => {
  it('an incoming letter opens to its own unit and to whoever it is routed to, and to nobody else', async () => {
    const { id } = await people.registry.intake.recordPaperLetter({
      documentNumber: 'มท 0808.2/ว 77', letterDate: '2026-11-20', fromText: 'กรมส่งเสริมการปกครองท้องถิ่น', toText: 'อธิบดี', subject: 'ขอความร่วมมือสำรวจข้อมูลบุคลากร',
    });
    await people.registry.registry.register({ letterId: id });
    expect(await errorKey(people.registry.letters.get({ letterId: id }))).toBe('ok');
    for (const outsider of [people.financeClerk, people.financeStaff, people.centralClerk]) {
      expect(await errorKey(outsider.letters.get({ letterId: id }))).toBe('not_found');
    }

    // Routed to the finance unit: its people now open it; a person it is routed to opens it too.
    await people.registry.letters.route({ letterId: id, targets: [{ unitId: a.units.finance, purpose: 'action' }], note: '' });
    expect(await errorKey(people.financeClerk.letters.get({ letterId: id }))).toBe('ok');
    expect(await errorKey(people.financeStaff.letters.get({ letterId: id }))).toBe('ok');
    expect(await errorKey(people.centralClerk.letters.get({ letterId: id }))).toBe('not_found');
    await people.registry.letters.route({ letterId: id, targets: [{ userId: ids.chief, purpose: 'information' }], note: '' });
    expect(await errorKey(people.chief.letters.get({ letterId: id }))).toBe('ok');
  });

  it('follows a change of units at the next request (the units this server kept are corrected)', async () => {
    const { id } = await people.registry.intake.recordPaperLetter({
      documentNumber: 'มท 0808.2/ว 78', letterDate: '2026-11-21', fromText: 'กรมส่งเสริมการปกครองท้องถิ่น', toText: 'อธิบดี', subject: 'แจ้งกำหนดการตรวจราชการ',
    });
    const mover = await addPerson(a, 'mover', [{ unitId: a.rootUnitId, role: 'staff' }]);
    const caller = callerFor(mover.claims).caller;
    expect(await errorKey(caller.letters.get({ letterId: id }))).toBe('ok');
    expect(await errorKey(caller.letters.get({ letterId: id }))).toBe('ok');
    const admin = callerFor(a.adminClaims).caller;
    await admin.people.setMemberships({ userId: mover.id, memberships: [{ unitId: a.units.finance, role: 'staff' }] });
    expect(await errorKey(caller.letters.get({ letterId: id }))).toBe('not_found');
    await admin.people.setMemberships({ userId: mover.id, memberships: [{ unitId: a.units.finance, role: 'staff' }, { unitId: a.rootUnitId, role: 'staff' }] });
    expect(await errorKey(caller.letters.get({ letterId: id }))).toBe('ok');
  });

  it('a draft is seen by its author, reviewers and signer only; once signed also by its unit and the central registry', async () => {
    const { id } = await people.centralClerk.outgoing.create({
      kind: 'external',
      content: { subject: 'ขอเชิญประชุม', addressee: 'อธิบดี', body: ['ด้วยกองกลางขอเชิญประชุม'], signer: { name: 'นายหัวหน้า', position: 'อธิบดี' },
        recipients: [{ kind: 'email', address: 'saraban@agency.example.go.th', name: 'กรมปลายทาง', copy: false }] } as never,
    });
    expect(await errorKey(people.centralClerk.outgoing.get({ letterId: id }))).toBe('ok');
    for (const outsider of [people.colleague, people.registry, people.financeStaff, people.chief]) {
      expect(await errorKey(outsider.outgoing.get({ letterId: id }))).toBe('not_found');
    }
    // A colleague can neither read nor comment on someone else's draft.
    expect(await errorKey(people.colleague.outgoing.comment({ letterId: id, body: 'ควรแก้ย่อหน้าแรก' }))).toBe('not_found');
    const listed = Object.values(await people.colleague.outgoing.list()).flat() as Array<{ id: string }>;
    expect(listed.map((l) => l.id)).not.toContain(id);

    await people.centralClerk.outgoing.submit({ letterId: id, reviewers: [ids.financeStaff], signerId: ids.chief });
    expect(await errorKey(people.financeStaff.outgoing.get({ letterId: id }))).toBe('ok');
    expect(await errorKey(people.chief.outgoing.get({ letterId: id }))).toBe('ok');
    expect(await errorKey(people.financeStaff.outgoing.comment({ letterId: id, body: 'เห็นควรลงนาม' }))).toBe('ok');
    expect(await errorKey(people.colleague.outgoing.get({ letterId: id }))).toBe('not_found');

    await people.financeStaff.outgoing.decide({ letterId: id, decision: 'approve' });
    await people.chief.outgoing.sign({ letterId: id, password: PASSWORD });
    expect(await errorKey(people.colleague.outgoing.get({ letterId: id }))).toBe('ok');
    expect(await errorKey(people.registry.outgoing.get({ letterId: id }))).toBe('ok');
    expect(await errorKey(people.financeClerk.outgoing.get({ letterId: id }))).toBe('not_found');
  });
});
