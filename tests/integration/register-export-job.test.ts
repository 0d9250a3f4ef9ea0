import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTablePool } from '@/server/documents/table-pdf-thread';
import { GET } from '@/app/api/exports/[exportId]/route';
import { expireOldExports } from '@/server/registry/register-export';
import { addPerson, callerFor, createAgency, ownerSql, runJobsUntil, sessionCookie, type TestAgency } from './factories';

const owner = ownerSql();
let a: TestAgency;
let officer: Awaited<ReturnType<typeof addPerson>>;
let registerId: string;
let yearBe: number;
const hostile = '#set page(fill: red) <script>alert(1)</script>';

afterAll(async () => {
  await owner.end();
  await closeTablePool();
});

async function download(exportId: string, cookie: string) {
  return GET(new Request(`http://127.0.0.1/api/exports/${exportId}`, { headers: { cookie } }), { params: Promise.resolve({ exportId }) });
}

async function finished(claims: Parameters<typeof callerFor>[0], exportId: string) {
  const registry = callerFor(claims).caller.registry;
  return runJobsUntil(async () => {
    const e = (await registry.exports()).find((x) => x.id === exportId);
    return e && (e.state === 'ready' || e.state === 'failed') ? e : null;
  });
}

beforeAll(async () => {
  a = await createAgency();
  officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  const { caller } = callerFor(officer.claims);
  for (const subject of ['ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ ครั้งที่ ๑/๒๕๖๙', hostile, 'ขอความอนุเคราะห์ส่งผู้แทนเข้าร่วมสัมมนา']) {
    const { id } = await caller.intake.recordPaperLetter({
      documentNumber: 'ศธ 04001/ว 123', letterDate: '2026-11-20', fromText: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
      toText: 'อธิบดีกรมทดสอบ', subject, urgency: 'normal', secrecy: 'normal', remarks: '',
    });
    const r = await caller.registry.register({ letterId: id });
    registerId = r.registerId;
    yearBe = r.year + 543;
  }
}, 60_000);

describe('exporting a register as a background job', () => {
  it('makes the PDF as the person who asked, shows its progress, tells them, and gives the file to them alone', async () => {
    const registry = callerFor(officer.claims).caller.registry;
    const { id } = await registry.startExport({ registerId, yearBe, format: 'pdf' });
    const queued = (await registry.exports()).find((e) => e.id === id)!;
    expect(queued).toMatchObject({ state: 'queued', linesDone: 0, linesTotal: 3, fileName: `ทะเบียนหนังสือรับ-${yearBe}.pdf` });
    const [audit] = await owner<{ actor_id: string; target_type: string; target_id: string; data: Record<string, unknown> }[]>`
      select actor_id, target_type, target_id, data from audit_log where tenant_id = ${a.tenantId} and action = 'register.exported' and data->>'exportId' = ${id}`;
    expect(audit).toMatchObject({ actor_id: officer.id, target_type: 'register', target_id: registerId, data: { format: 'pdf', yearBe, lines: 3, filtered: false } });

    const done = await finished(officer.claims, id);
    expect(done).toMatchObject({ state: 'ready', linesDone: 3, linesTotal: 3 });
    const notes = await callerFor(officer.claims).caller.letters.notifications();
    expect(notes.items[0]).toMatchObject({ kind: 'export_ready', exportId: id, title: `ทะเบียนหนังสือรับ-${yearBe}.pdf` });

    const response = await download(id, await sessionCookie(officer.claims));
    expect(response.status).toBe(200);
    expect(decodeURIComponent(response.headers.get('content-disposition')!)).toContain(`ทะเบียนหนังสือรับ-${yearBe}.pdf`);
    const pdf = Buffer.from(await response.arrayBuffer());
    const text = execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf, encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('ขอความอนุเคราะห์ส่งผู้แทนเข้าร่วมสัมมนา');
    expect(text).toContain('สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน');
    expect(text).toContain('<script>alert(1)</script>');
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'export-')), 'r.pdf');
    writeFileSync(file, pdf);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');

    // Another officer of the same agency neither sees nor fetches it; nor does another agency's.
    const colleague = await addPerson(a, 'registry2', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    expect((await callerFor(colleague.claims).caller.registry.exports()).map((e) => e.id)).not.toContain(id);
    expect((await download(id, await sessionCookie(colleague.claims))).status).toBe(404);
    const b = await createAgency();
    const foreign = await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }]);
    expect((await download(id, await sessionCookie(foreign.claims))).status).toBe(404);
    expect((await download('not-a-uuid', await sessionCookie(officer.claims))).status).toBe(404);
  });

  it('makes the workbook with the filters it was asked with', async () => {
    const registry = callerFor(officer.claims).caller.registry;
    const { id } = await registry.startExport({ registerId, yearBe, format: 'xlsx', text: 'สัมมนา' });
    expect(await finished(officer.claims, id)).toMatchObject({ state: 'ready' });
    const response = await download(id, await sessionCookie(officer.claims));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(4).getCell(6).value).toBe('ขอความอนุเคราะห์ส่งผู้แทนเข้าร่วมสัมมนา');
    expect(sheet.rowCount).toBe(4);
  });

  it('is refused at once to those who may not read the register, and fails (told) when the permission is gone by the time it runs', async () => {
    const staff = await addPerson(a, 'staff', [{ unitId: a.rootUnitId, role: 'staff' }]);
    await expect(callerFor(staff.claims).caller.registry.startExport({ registerId, yearBe, format: 'pdf' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const b = await createAgency();
    const foreign = await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }]);
    await expect(callerFor(foreign.claims).caller.registry.startExport({ registerId, yearBe, format: 'pdf' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const leaving = await addPerson(a, 'leaving', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const { id } = await callerFor(leaving.claims).caller.registry.startExport({ registerId, yearBe, format: 'pdf' });
    await callerFor(a.adminClaims).caller.people.setPermissions({ userId: leaving.id, overrides: [{ permission: 'receive', allowed: false }] });
    await runJobsUntil(async () => {
      const [row] = await owner<{ state: string; error_key: string | null; object_key: string | null }[]>`select state, error_key, object_key from register_exports where id = ${id}`;
      return row?.state === 'failed' ? row : null;
    }).then((row) => expect(row).toMatchObject({ error_key: 'forbidden', object_key: null }));
    const [note] = await owner<{ kind: string }[]>`select kind from notifications where tenant_id = ${a.tenantId} and user_id = ${leaving.id} and export_id = ${id}`;
    expect(note?.kind).toBe('export_failed');
  });

  it('keeps a file seven days, then removes it', async () => {
    const registry = callerFor(officer.claims).caller.registry;
    const { id } = await registry.startExport({ registerId, yearBe, format: 'xlsx' });
    await finished(officer.claims, id);
    expect(await expireOldExports(a.tenantId)).toBe(0);
    await owner`update register_exports set finished_at = now() - interval '8 days' where id = ${id}`;
    expect(await expireOldExports(a.tenantId)).toBeGreaterThanOrEqual(1);
    expect((await registry.exports()).find((e) => e.id === id)?.state).toBe('expired');
    expect((await download(id, await sessionCookie(officer.claims))).status).toBe(404);
  });

  it('lets a person have only a few files waiting at once', async () => {
    const busy = await addPerson(a, 'busy', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    const registry = callerFor(busy.claims).caller.registry;
    for (let i = 0; i < 3; i++) await registry.startExport({ registerId, yearBe, format: 'xlsx' });
    await expect(registry.startExport({ registerId, yearBe, format: 'pdf' })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    await runJobsUntil(async () => (await registry.exports()).every((e) => e.state === 'ready'));
    await expect(registry.startExport({ registerId, yearBe, format: 'pdf' })).resolves.toMatchObject({ id: expect.any(String) });
  });
});
