import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { queueDelivery } from '@/server/delivery/queue-delivery';
import { renderPdf } from '@/server/documents/typst';
import { setAgencyStatus } from '@/server/platform/set-agency-status';
import { readObject, writeObject } from '@/server/storage/s3';
import { addPerson, callerFor, createAgency, runJobsUntil, type TestAgency } from './factories';

const pdf = renderPdf('#set text(font: "Sarabun", size: 16pt)\nที่ นร ๐๑๐๕/ว ๗๘๙ เรื่อง ขอความร่วมมือ', {});

async function deliveryOf(a: TestAgency, id: string) {
  return runInTenant({ tenantId: a.tenantId, userId: null }, async (tx) => {
    const [row] = await tx.select().from(deliveries).where(and(eq(deliveries.tenantId, a.tenantId), eq(deliveries.id, id)));
    return row!;
  });
}

async function send(a: TestAgency, recipientTenantId: string, subject: string) {
  const stored = await writeObject(`tenants/${a.tenantId}/outgoing/${crypto.randomUUID()}`, pdf, 'application/pdf');
  return runInTenant({ tenantId: a.tenantId, userId: a.adminId }, (tx) => queueDelivery(tx, a.tenantId, {
    recipientTenantId, recipientName: 'ผู้รับ', letter: {
      documentNumber: 'นร 0105/ว 789', letterDate: '2026-11-23', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดีกรมปลายทาง',
      subject, urgency: 'urgent', secrecy: 'normal', files: [{ ...stored, fileName: 'หนังสือ.pdf', contentType: 'application/pdf' }],
    },
  }));
}

describe('letters between agencies on the platform (the receiving half and the delivery record)', () => {
  it('a sent letter reaches the recipient’s waiting list with its own copy of the files; registering it shows on the sender’s record', async () => {
    const a = await createAgency('กรมต้นทางส่ง');
    const b = await createAgency('กรมปลายทางรับ');
    const officer = callerFor((await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }])).claims).caller;
    const { id } = await send(a, b.tenantId, 'ขอความร่วมมือส่งข้อมูลบุคลากร');
    expect((await deliveryOf(a, id)).state).toBe('queued');

    const delivered = await runJobsUntil(async () => {
      const d = await deliveryOf(a, id);
      return d.state === 'delivered' && d;
    });
    expect(delivered.deliveredAt).toBeInstanceOf(Date);
    const waiting = await officer.registry.waiting();
    expect(waiting.map((l) => [l.subject, l.channel, l.urgency, l.documentNumber])).toEqual([['ขอความร่วมมือส่งข้อมูลบุคลากร', 'platform', 'urgent', 'นร 0105/ว 789']]);
    const [file] = await officer.registry.files({ letterId: waiting[0]!.id });
    expect(file!.objectKey.startsWith(`tenants/${b.tenantId}/`)).toBe(true);
    expect(Buffer.compare(await readObject(file!.objectKey), pdf)).toBe(0);

    // Running the job again delivers nothing twice.
    const { drainJobs } = await import('@/server/jobs/worker');
    await runInTenant({ tenantId: a.tenantId, userId: null }, async (tx) => {
      const { enqueue } = await import('@/server/queue/enqueue');
      await enqueue(tx, 'delivery.deliver', { deliveryId: id });
    });
    await drainJobs(process.env.TEST_OWNER_URL!);
    expect(await officer.registry.waiting()).toHaveLength(1);

    const registered = await officer.registry.register({ letterId: waiting[0]!.id });
    const record = await runJobsUntil(async () => {
      const d = await deliveryOf(a, id);
      return d.state === 'registered' && d;
    });
    expect(record).toMatchObject({ receiveNumber: registered.number, registeredAt: registered.registeredAt, recipientLetterId: waiting[0]!.id });
    expect(record.receiveRegister).toContain('ทะเบียนหนังสือรับ');
  });

  it('a disabled or unknown recipient fails the delivery with the reason', async () => {
    const a = await createAgency('กรมต้นทางส่ง');
    const c = await createAgency('กรมที่ถูกระงับ');
    await setAgencyStatus({ id: crypto.randomUUID(), fullName: 'ผู้ทดสอบ' }, { agencyId: c.tenantId, status: 'disabled' });
    const toDisabled = await send(a, c.tenantId, 'ถึงหน่วยงานที่ถูกระงับ');
    const toUnknown = await send(a, crypto.randomUUID(), 'ถึงหน่วยงานที่ไม่มีอยู่');
    const reasons = await runJobsUntil(async () => {
      const [d1, d2] = await Promise.all([deliveryOf(a, toDisabled.id), deliveryOf(a, toUnknown.id)]);
      return d1.state === 'failed' && d2.state === 'failed' && [d1.failedReason, d2.failedReason];
    });
    expect(reasons).toEqual(['recipient_disabled', 'recipient_not_found']);
  });
});
