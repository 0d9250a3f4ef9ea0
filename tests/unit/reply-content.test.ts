import { describe, expect, it } from 'vitest';
import { draftContent } from '@/core/draft-content';
import { replyContent } from '@/server/sending/reply';

const base = draftContent.parse({ subject: 'x' });
const incoming = {
  id: '6f1c1f2e-2b7a-4c55-9a53-0d3c1f1b2a10', documentNumber: 'กค 0402/ว 77', letterDate: '2026-11-03', fromText: 'กรมบัญชีกลาง',
  subject: 'ขอความร่วมมือส่งข้อมูล', urgency: 'urgent' as const, sourceTenantId: null as string | null, replyTo: null as string | null,
};

describe('a reply drafted from the letter it answers', () => {
  it('refers to it as the regulation has it and keeps its subject and id', () => {
    const c = replyContent(base, incoming, null);
    expect(c.references).toEqual(['หนังสือกรมบัญชีกลาง ที่ กค 0402/ว 77 ลงวันที่ 3 พฤศจิกายน 2569']);
    expect(c.subject).toBe('ขอความร่วมมือส่งข้อมูล');
    expect(c.replyToLetterId).toBe(incoming.id);
    expect(c.recipients).toEqual([]);
  });

  it('goes back to the sending agency on the platform, or to the address an e-mail came from', () => {
    const agency = '0b7e7f1a-5c1d-4e0b-8b0e-2b5d3c9a1f00';
    expect(replyContent(base, { ...incoming, sourceTenantId: agency }, 'กรมบัญชีกลาง').recipients).toEqual([{ kind: 'agency', tenantId: agency, name: 'กรมบัญชีกลาง', copy: false }]);
    expect(replyContent(base, { ...incoming, replyTo: 'saraban@cgd.go.th' }, null).recipients).toEqual([{ kind: 'email', address: 'saraban@cgd.go.th', name: 'กรมบัญชีกลาง', copy: false }]);
  });
});
