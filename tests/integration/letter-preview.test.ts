import { monitorEventLoopDelay } from 'node:perf_hooks';
import { TRPCError } from '@trpc/server';
import { afterAll, describe, expect, it } from 'vitest';
import { closeLayoutPool, PER_PERSON } from '@/server/documents/layout-pool';
import { DRAFT_LIMITS } from '@/core/draft-content';
import { addPerson, callerFor, createAgency } from './factories';

afterAll(() => closeLayoutPool());

/** A long letter: many full paragraphs, several pages to lay out and draw. */
const longDraft = {
  kind: 'external' as const,
  content: {
    subject: 'รายงานผลการดำเนินงานโครงการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ประจำปีงบประมาณ พ.ศ. ๒๕๖๙', addressee: 'อธิบดีกรมปลายทาง',
    body: Array.from({ length: 30 }, (_, i) => `ข้อ ${i + 1} ${'ส่วนราชการได้ดำเนินการตามระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ และได้รายงานผลให้ทราบตามลำดับ '.repeat(6)}`.slice(0, DRAFT_LIMITS.paragraph)),
    closing: 'ขอแสดงความนับถือ', signer: { name: 'นายผู้บริหาร ทดสอบ', position: 'อธิบดี' },
  },
};

describe('the live preview', () => {
  it('lays letters out off the request thread: requests keep being answered meanwhile', async () => {
    const a = await createAgency();
    const clerk = await addPerson(a, 'clerk', [{ unitId: a.units.central, role: 'unit_clerk' }]);
    const { caller } = callerFor(clerk.claims);
    await caller.outgoing.preview(longDraft); // threads started, fonts loaded
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const [first, second] = await Promise.all([caller.outgoing.preview(longDraft), caller.outgoing.preview(longDraft)]);
    delay.disable();
    expect(first.pages.length).toBeGreaterThan(1);
    expect(first.pages[0]).toMatch(/^data:image\/png;base64,/);
    expect(second.pages).toHaveLength(first.pages.length);
    // Laid out on this thread, two long letters stall it for seconds; here it never waits long.
    expect(delay.max / 1e6).toBeLessThan(400);
  });

  it('refuses a person more previews at once than their bound, without holding anyone else up', async () => {
    const a = await createAgency();
    const clerk = await addPerson(a, 'clerk', [{ unitId: a.units.central, role: 'unit_clerk' }]);
    const other = await addPerson(a, 'other', [{ unitId: a.units.central, role: 'unit_clerk' }]);
    const mine = callerFor(clerk.claims).caller;
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: PER_PERSON + 2 }, () => mine.outgoing.preview(longDraft)),
      callerFor(other.claims).caller.outgoing.preview(longDraft),
    ]);
    const keys = outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : o.reason instanceof TRPCError ? o.reason.message : String(o.reason)));
    expect(keys.filter((k) => k === 'ok')).toHaveLength(PER_PERSON + 1);
    expect(keys.filter((k) => k === 'too_many_requests')).toHaveLength(2);
    expect(keys.at(-1)).toBe('ok');
  });
});
