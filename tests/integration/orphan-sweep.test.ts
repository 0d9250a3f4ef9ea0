import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/letters/paper/route';
import { renderPdf } from '@/server/documents/typst';
import { AppError } from '@/core/errors';
import { bucket, s3, writeObject } from '@/server/storage/s3';
import { removeStoredAfter } from '@/server/storage/store-upload';
import { ORPHAN_AGE_MS, sweepOrphanedObjects } from '@/server/storage/sweep-orphans';
import { addPerson, createAgency, sessionCookie } from './factories';

describe('objects stored but never recorded', () => {
  it('are removed once a day old; recorded files and recent uploads stay', async () => {
    const a = await createAgency();
    const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const cookie = await sessionCookie(officer.claims);
    const form = new FormData();
    form.set('letter', JSON.stringify({ documentNumber: 'นร 0105/1', letterDate: '2026-11-20', fromText: 'ก', toText: 'ข', subject: 'มีไฟล์', urgency: 'normal', secrecy: 'normal', remarks: '' }));
    form.append('files', new Blob([new Uint8Array(renderPdf('#set text(font: "Sarabun")\nทดสอบ', {}))]), 'scan.pdf');
    expect((await POST(new Request('http://127.0.0.1/api/letters/paper', { method: 'POST', body: form, headers: { cookie } }))).status).toBe(200);
    // As if the process had died after storing this upload and before recording it.
    const orphan = `tenants/${a.tenantId}/letters/${crypto.randomUUID()}/${crypto.randomUUID()}`;
    await writeObject(orphan, Buffer.from('%PDF-1.7 partial'), 'application/pdf');
    const keys = async () => ((await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: `tenants/${a.tenantId}/` }))).Contents ?? []).map((o) => o.Key!).sort();
    const before = await keys();
    expect(before).toHaveLength(2);
    expect(await sweepOrphanedObjects(a.tenantId)).toEqual([]); // too recent to judge
    expect(await sweepOrphanedObjects(a.tenantId, new Date(Date.now() + ORPHAN_AGE_MS + 60_000))).toEqual([orphan]);
    expect(await keys()).toEqual(before.filter((k) => k !== orphan));
  });

  it('are kept after a recording that failed because the database went away (it may have committed unseen), removed after any other failure', async () => {
    const a = await createAgency();
    const stored = async () => {
      const key = `tenants/${a.tenantId}/letters/${crypto.randomUUID()}/${crypto.randomUUID()}`;
      await writeObject(key, Buffer.from('%PDF-1.7'), 'application/pdf');
      return key;
    };
    const exists = async (key: string) => ((await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: key }))).Contents ?? []).length === 1;
    const lostCommit = await stored();
    // What postgres.js throws when the connection drops while a COMMIT's answer is awaited.
    await removeStoredAfter(Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }), [lostCommit]);
    expect(await exists(lostCommit)).toBe(true);
    const refused = await stored();
    await removeStoredAfter(new AppError('invalid_input'), [refused]);
    expect(await exists(refused)).toBe(false);
  });
});
