import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { addPerson, appRoleSql, callerFor, createAgency, ownerSql } from './factories';

describe('recorded corrections of registered details', () => {
  it('changes details only with a reason, keeping who, when, before and after; the timeline shows it', async () => {
    const a = await createAgency();
    const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const registry = callerFor(officer.claims).caller;
    const { id } = await registry.intake.recordPaperLetter({
      documentNumber: 'นร 0105/1234', letterDate: '2026-11-20', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดี',
      subject: 'ขอเชิญประชุมคณะกรรมการ', urgency: 'normal', secrecy: 'normal', remarks: '',
    });
    await registry.registry.register({ letterId: id });
    const base = { letterId: id, documentNumber: 'นร 0105/1243', letterDate: '2026-11-20', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดี', subject: 'ขอเชิญประชุมคณะกรรมการ', remarks: '' };
    await expect(registry.intake.correct({ ...base, reason: '' })).rejects.toBeInstanceOf(TRPCError);
    await registry.intake.correct({ ...base, reason: 'พิมพ์เลขที่หนังสือสลับหลัก' });

    const view = await registry.letters.get({ letterId: id });
    expect(view.letter.documentNumber).toBe('นร 0105/1243');
    const entry = view.timeline.find((e) => e.action === 'letter.corrected')!;
    expect(entry.data).toMatchObject({ reason: 'พิมพ์เลขที่หนังสือสลับหลัก', before: { documentNumber: 'นร 0105/1234' }, after: { documentNumber: 'นร 0105/1243' } });
    const owner = ownerSql();
    const app = appRoleSql();
    try {
      const rows = await owner`select before, after, reason, corrected_by, corrected_by_name from letter_corrections where tenant_id = ${a.tenantId} and letter_id = ${id}`;
      expect(rows).toEqual([{ before: { documentNumber: 'นร 0105/1234' }, after: { documentNumber: 'นร 0105/1243' }, reason: 'พิมพ์เลขที่หนังสือสลับหลัก', corrected_by: officer.id, corrected_by_name: 'นายregistry ทดสอบ' }]);
      // Even the app's own connection, acting for the whole agency (as a job does, seeing every letter),
      // cannot change details without a recorded reason, nor change what was received when.
      const attempt = (statement: (tx: typeof app) => Promise<unknown>) => app.begin(async (tx) => {
        await tx`select set_config('app.tenant_id', ${a.tenantId}, true), set_config('app.system', 'on', true)`;
        expect(await tx`select id from letters where id = ${id}`).toHaveLength(1);
        await statement(tx as unknown as typeof app);
      });
      await expect(attempt((tx) => tx`update letters set subject = 'แก้เงียบ ๆ' where id = ${id}`)).rejects.toThrow(/recorded correction/);
      await expect(attempt((tx) => tx`update letters set received_at = now() - interval '1 day' where id = ${id}`)).rejects.toThrow(/permission denied/);
    } finally {
      await owner.end();
      await app.end();
    }
  });
});
