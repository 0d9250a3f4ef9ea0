import { describe, expect, it } from 'vitest';
import { addPerson, callerFor, createAgency, ownerSql } from './factories';

describe('a receive register of a big agency', () => {
  it('lists a year of more than 65,535 lines (no query takes one parameter per letter), with its routing', async () => {
    const a = await createAgency();
    const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const { caller } = callerFor(officer.claims);
    const { id: first } = await caller.intake.recordPaperLetter({
      documentNumber: 'นร 0105/1', letterDate: '2026-11-20', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดี',
      subject: 'ฉบับแรก', urgency: 'normal', secrecy: 'normal', remarks: '',
    });
    const { registerId, year } = await caller.registry.register({ letterId: first });
    await caller.letters.route({ letterId: first, note: '', targets: [{ userId: a.adminId, purpose: 'action' }] });
    // The rest of the year's lines loaded directly, as years of registration would have left them.
    const lines = 70_000;
    const owner = ownerSql();
    try {
      await owner.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`insert into letters (tenant_id, id, unit_id, channel, document_number, letter_date, from_text, to_text, subject)
          select ${a.tenantId}, md5(${registerId} || g)::uuid, ${a.rootUnitId}, 'paper', 'นร 0105/' || g, '2026-11-20', 'สำนักงานปลัดสำนักนายกรัฐมนตรี', 'อธิบดี', 'หนังสือฉบับที่ ' || g
          from generate_series(2, ${lines + 1}) g`;
        await tx`insert into register_entries (tenant_id, register_id, year, number, letter_id, registered_by, registered_by_name)
          select ${a.tenantId}, ${registerId}, ${year}, g, md5(${registerId} || g)::uuid, ${officer.id}, 'ทะเบียน'
          from generate_series(2, ${lines + 1}) g`;
      });
    } finally {
      await owner.end();
    }
    const register = await caller.registry.entries({ registerId, yearBe: year + 543 });
    expect(register.entries).toHaveLength(lines + 1);
    expect(register.entries[0]).toMatchObject({ number: 1, subject: 'ฉบับแรก' });
    expect(register.entries[0]!.actions).toContain('ดำเนินการ');
    expect(register.entries.at(-1)).toMatchObject({ number: lines + 1, actions: 'ลงรับแล้ว' });
  }, 300_000);
});
