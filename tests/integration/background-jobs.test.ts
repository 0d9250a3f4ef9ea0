import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/letters/paper/route';
import { runInTenant } from '@/db/scope';
import { stopOcr } from '@/server/documents/ocr';
import { renderPdf } from '@/server/documents/typst';
import { enqueue } from '@/server/queue/enqueue';
import { readObject } from '@/server/storage/s3';
import { addPerson, appRoleSql, callerFor, createAgency, ownerSql, runJobsUntil, type TestAgency, sessionCookie } from './factories';

const owner = ownerSql();
const app = appRoleSql();
let a: TestAgency;
let cookie: string;
let officer: ReturnType<typeof callerFor>['caller'];

const letterText = [
  'ที่ มท ๐๘๐๘.๒/ว ๑๒๓๔',
  'เรื่อง ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์',
  'เรียน อธิบดีกรมบัญชีกลาง',
  'ด้วยกรมส่งเสริมการปกครองท้องถิ่นจะจัดประชุมเพื่อพิจารณาแนวทางการรับส่งหนังสือราชการ',
].join(' \\\n');
const scanPdf = renderPdf(`#set page(paper: "a4", margin: (left: 3cm, right: 2cm, top: 2.5cm))
#set text(font: "Sarabun", size: 16pt, lang: "th")
${letterText}`, {});

const details = {
  documentNumber: 'มท 0808.2/ว 1234', letterDate: '2026-11-18', fromText: 'กรมส่งเสริมการปกครองท้องถิ่น', toText: 'อธิบดีกรมทดสอบ',
  subject: 'ขอเชิญประชุมคณะกรรมการ', urgency: 'normal', secrecy: 'normal', remarks: '',
};

async function sendPaper(files: Array<[string, Buffer]>) {
  const form = new FormData();
  form.set('letter', JSON.stringify(details));
  for (const [name, bytes] of files) form.append('files', new Blob([new Uint8Array(bytes)]), name);
  const response = await POST(new Request('http://127.0.0.1/api/letters/paper', { method: 'POST', body: form, headers: { cookie } }));
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string };
}

beforeAll(async () => {
  a = await createAgency('กรมทดสอบงานเบื้องหลัง');
  const person = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  officer = callerFor(person.claims).caller;
  cookie = await sessionCookie(person.claims);
});

afterAll(async () => {
  await stopOcr();
  await owner.end();
  await app.end();
});

describe('the job queue (transactional outbox)', () => {
  it('the app role cannot read queued jobs and cannot enqueue without a tenant', async () => {
    await expect(app`select * from outbox.jobs`).rejects.toThrow(/permission denied/);
    await expect(app`select * from graphile_worker.jobs`).rejects.toThrow(/permission denied/);
    await expect(app`select app_enqueue('letter.ocr', '{}'::jsonb)`).rejects.toThrow(/null value in column "tenant_id"/);
    // A direct insert (as registration queues its jobs) must be the transaction's own tenant's, in its payload and key too.
    const other = crypto.randomUUID();
    const insert = (tenant: string, payloadTenant: string, key: string) => app.begin(async (t) => {
      await t`select set_config('app.tenant_id', ${a.tenantId}, true)`;
      await t`insert into outbox.jobs (tenant_id, task, payload, job_key) values (${tenant}::uuid, 'letter.ocr', jsonb_build_object('tenantId', ${payloadTenant}::text), ${key})`;
      throw new Error('rolled back');
    });
    await expect(insert(other, other, `${other}:x`)).rejects.toThrow(/row-level security/);
    await expect(insert(a.tenantId, other, `${a.tenantId}:x`)).rejects.toThrow(/row-level security/);
    await expect(insert(a.tenantId, a.tenantId, `${other}:x`)).rejects.toThrow(/row-level security/);
    await expect(insert(a.tenantId, a.tenantId, `${a.tenantId}:x`)).rejects.toThrow(/rolled back/);
  });

  it('a job carries the tenant of its transaction, whatever the payload claims, and only if that transaction commits', async () => {
    const other = crypto.randomUUID();
    const marker = crypto.randomUUID();
    await runInTenant({ tenantId: a.tenantId, userId: null }, async (tx) => {
      await enqueue(tx, 'letter.ocr', { letterId: marker, fileId: marker, tenantId: other } as never, { runAt: new Date(Date.now() + 86_400_000) });
    });
    await runInTenant({ tenantId: a.tenantId, userId: null }, async (tx) => {
      await enqueue(tx, 'letter.ocr', { letterId: marker, fileId: marker }, { runAt: new Date(Date.now() + 86_400_000) });
      throw new Error('rolled back');
    }).catch(() => {});
    const rows = await owner<{ payload: { tenantId: string } }[]>`
      select payload from outbox.jobs where payload->>'letterId' = ${marker}
      union all select payload::jsonb from graphile_worker._private_jobs where payload->>'letterId' = ${marker}`;
    expect(rows.map((r) => r.payload.tenantId)).toEqual([a.tenantId]);
  });
});

describe('receipt stamp (ตรารับ) after registration', () => {
  it('draws the agency, receive number, date and time on page 1 as a new PDF version; the original is unchanged', async () => {
    const { id } = await sendPaper([['หนังสือเชิญประชุม.pdf', scanPdf]]);
    const registered = await officer.registry.register({ letterId: id });
    const files = await runJobsUntil(async () => {
      const list = await officer.registry.files({ letterId: id });
      return list.some((f) => f.kind === 'stamped') && list;
    });
    const [original, stamped] = [files.find((f) => f.kind === 'original')!, files.find((f) => f.kind === 'stamped')!];
    expect(stamped.fileName).toBe('หนังสือเชิญประชุม-ตรารับ.pdf');
    expect(stamped.contentType).toBe('application/pdf');
    expect(Buffer.compare(await readObject(original.objectKey), scanPdf)).toBe(0);
    const stampedBytes = await readObject(stamped.objectKey);
    expect(stamped.sha256).toBe((await import('node:crypto')).createHash('sha256').update(stampedBytes).digest('hex'));
    // The stamp's text, found in the top right corner of page 1 (A4: 595 × 842 pt).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stamp-'));
    writeFileSync(path.join(dir, 'stamped.pdf'), stampedBytes);
    const corner = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-r', '72', '-x', '420', '-y', '0', '-W', '175', '-H', '100', path.join(dir, 'stamped.pdf'), '-']).toString();
    const thai = (n: number) => String(n).replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!);
    const at = registered.registeredAt;
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Bangkok', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    expect(corner).toContain('กรมทดสอบงานเบื้องหลัง');
    expect(corner).toContain(`เลขรับ ${thai(registered.number)}`);
    expect(corner).toMatch(new RegExp(`วันที่ [๐-๙]+ [ก-ฮ.]+ ${thai(registered.year + 543)}`));
    expect(corner).toContain(`เวลา ${thai(Number(time.slice(0, 2))).padStart(2, '๐')}:${thai(Number(time.slice(3))).padStart(2, '๐')} น.`);
    // The rest of the page is untouched: the letter's own text is still there, below.
    expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', path.join(dir, 'stamped.pdf'), '-']).toString()).toContain('ขอเชิญประชุมคณะกรรมการ');
    const audit = await owner`select actor_kind from audit_log where tenant_id = ${a.tenantId} and action = 'letter.stamped' and target_id = ${id}`;
    expect(audit.map((r) => r.actor_kind)).toEqual(['system']);
  });

  it('a JPEG scan becomes a stamped PDF page', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scan-'));
    writeFileSync(path.join(dir, 'letter.pdf'), scanPdf);
    execFileSync('pdftoppm', ['-r', '150', '-jpeg', '-singlefile', path.join(dir, 'letter.pdf'), path.join(dir, 'scan')]);
    const { id } = await sendPaper([['สแกน.jpg', readFileSync(path.join(dir, 'scan.jpg'))]]);
    await officer.registry.register({ letterId: id });
    const stamped = await runJobsUntil(async () => (await officer.registry.files({ letterId: id })).find((f) => f.kind === 'stamped'));
    const bytes = await readObject(stamped.objectKey);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(path.join(dir, 'stamped.pdf'), bytes);
    const info = execFileSync('pdfinfo', [path.join(dir, 'stamped.pdf')]).toString();
    expect(info).toMatch(/Pages:\s+1/);
    expect(info).toMatch(/Page size:\s+59[0-9](\.\d+)? x 84[0-9]/); // A4 at the scan's 150 dpi
  });
});

describe('OCR of received scans', () => {
  it('reads the Thai text of a scan in the background; an officer corrects it, and both are kept', async () => {
    const { id } = await sendPaper([['หนังสือ.pdf', scanPdf]]);
    const texts = await runJobsUntil(async () => {
      const t = await officer.intake.texts({ letterId: id });
      return t.length > 0 && t;
    });
    expect(texts[0]!.source).toBe('ocr');
    expect(texts[0]!.text).toContain('ขอเชิญประชุมคณะกรรมการ');
    expect(texts[0]!.text).toContain('กรมบัญชีกลาง');
    const corrected = texts[0]!.text.replace('กรมบัญชีกลาง', 'กรมบัญชีกลาง (แก้ไขแล้ว)');
    await officer.intake.correctText({ fileId: texts[0]!.fileId, text: corrected });
    const after = await officer.intake.texts({ letterId: id });
    expect(after.map((t) => [t.source, t.text === corrected])).toEqual([['corrected', true]]);
    const history = await owner`select source from letter_texts where tenant_id = ${a.tenantId} and letter_id = ${id} order by created_at`;
    expect(history.map((r) => r.source)).toEqual(['ocr', 'corrected']);

    // The register's search finds the letter by words of its files' text; the urgency filter narrows it.
    const registered = await officer.registry.register({ letterId: id });
    await runJobsUntil(async () => true);
    const find = (filters: { text?: string; urgency?: 'normal' | 'urgent' }) =>
      officer.registry.entries({ registerId: registered.registerId, yearBe: registered.year + 543, ...filters });
    expect((await find({ text: 'แก้ไขแล้ว' })).entries.map((e) => e.letterId)).toEqual([id]);
    expect((await find({ text: 'แก้ไขแล้ว', urgency: 'urgent' })).entries).toEqual([]);
    expect((await find({ text: 'คำที่ไม่มีในหนังสือ' })).entries).toEqual([]);
  });
});
