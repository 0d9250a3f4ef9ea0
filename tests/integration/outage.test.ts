// This file's object store is one that is down: a closed port on loopback (set before anything reads the settings).
process.env.S3_ENDPOINT = 'http://127.0.0.1:9';

import { randomUUID } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { GET as getFile } from '@/app/api/letters/[letterId]/files/[fileId]/route';
import { outageOf } from '@/server/shared/outage';
import { addPerson, callerFor, createAgency, ownerSql, PASSWORD, sessionCookie } from './factories';

describe('a service that is down', () => {
  it('is recognised from the real clients\' errors: PostgreSQL refusing, the object store unreachable; other errors are not outages', async () => {
    const db = postgres('postgres://nobody:x@127.0.0.1:9/none', { max: 1, connect_timeout: 2, onnotice: () => {} });
    const refused = await db`select 1`.then(() => null, (e: unknown) => e);
    await db.end({ timeout: 1 });
    expect(outageOf(refused)).toBe('database_unavailable');
    // A connection reset under a query (PostgreSQL restarted), as the driver passes it on.
    expect(outageOf(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' }))).toBe('database_unavailable');
    const store = new S3Client({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    const unreachable = await store.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })).then(() => null, (e: unknown) => e);
    expect(outageOf(unreachable)).toBe('storage_unavailable');
    expect(outageOf(new Error('something else'))).toBeNull();
    expect(outageOf(Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }))).toBeNull();
  });

  it('answers a file download during an object-store outage with 503 and the message naming it, not a bare 500', async () => {
    const a = await createAgency();
    const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const { id } = await callerFor(officer.claims).caller.intake.recordPaperLetter({
      documentNumber: 'นร 1/2', letterDate: '2026-11-20', fromText: 'ก', toText: 'ข', subject: 'ทดสอบระหว่างที่เก็บไฟล์ขัดข้อง', secrecy: 'normal',
    });
    const fileId = randomUUID();
    const owner = ownerSql();
    try {
      await owner`insert into letter_files (tenant_id, id, letter_id, kind, object_key, file_name, content_type, size, sha256)
        values (${a.tenantId}, ${fileId}, ${id}, 'original', ${`tenants/${a.tenantId}/letters/${id}/f`}, 'scan.pdf', 'application/pdf', 10, ${'0'.repeat(64)})`;
    } finally {
      await owner.end();
    }
    const response = await getFile(new Request(`http://127.0.0.1/api/letters/${id}/files/${fileId}`, { headers: { cookie: await sessionCookie(officer.claims) } }),
      { params: Promise.resolve({ letterId: id, fileId }) });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ messageKey: 'storage_unavailable' });
  }, 60_000);

  it('refuses a signing it cannot store with 503 naming the file store, and leaves the letter as it was: no number taken', async () => {
    const a = await createAgency();
    const clerk = await addPerson(a, 'clerk', [{ unitId: a.rootUnitId, role: 'unit_clerk' }]);
    const chief = await addPerson(a, 'chief', [{ unitId: a.rootUnitId, role: 'executive' }]);
    const desk = callerFor(clerk.claims).caller;
    const { id } = await desk.outgoing.create({ kind: 'external', content: {
      subject: 'ทดสอบลงนามระหว่างที่เก็บไฟล์ขัดข้อง', body: ['ข้อความ'], signer: { name: 'นายหัวหน้า', position: 'อธิบดี' },
      recipients: [{ kind: 'email', address: 'someone@example.go.th', name: 'ผู้รับ', copy: false }],
    } as never });
    await desk.outgoing.submit({ letterId: id, reviewers: [], signerId: chief.id });
    const refused = await callerFor(chief.claims).caller.outgoing.sign({ letterId: id, password: PASSWORD }).then(() => null, (e: { message: string; code: string }) => e);
    expect(refused).toMatchObject({ message: 'storage_unavailable', code: 'SERVICE_UNAVAILABLE' });
    const letter = (await desk.outgoing.get({ letterId: id })).letter;
    expect([letter.state, letter.documentNumber, letter.signedAt]).toEqual(['in_review', null, null]);
  }, 60_000);
});
