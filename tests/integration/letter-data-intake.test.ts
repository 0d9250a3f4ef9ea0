import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/letters/paper/route';
import { renderPdf } from '@/server/documents/typst';
import { receiveEmail } from '@/server/intake/receive-email';
import { renderLetterPdf } from '@/server/letters/render-letter';
import { sampleLetters } from '@/server/letters/sample-letters';
import { addPerson, callerFor, createAgency, ownerSql, runJobsUntil, sessionCookie, type TestAgency } from './factories';

const owner = ownerSql();
let a: TestAgency;
let cookie: string;

async function email(messageId: string, subject: string, attachment: Buffer) {
  const { message } = await createTransport({ streamTransport: true, buffer: true }).sendMail({
    from: '"สารบรรณ สป.นร." <saraban@opm.go.th>', to: 'saraban@test.go.th', messageId, subject, text: 'ส่งหนังสือตามแนบ',
    attachments: [{ filename: 'หนังสือ.pdf', content: attachment }],
  });
  return message as Buffer;
}

async function texts(letterId: string) {
  return owner<Array<{ source: string; text: string }>>`select source, text from letter_texts where tenant_id = ${a.tenantId} and letter_id = ${letterId}`;
}

async function ocrJobs(letterId: string) {
  // No worker runs during these tests: a queued reading is still in the outbox (or already moved to the queue).
  const [row] = await owner<Array<{ n: number }>>`select ((select count(*) from outbox.jobs where task = 'letter.ocr' and payload->>'letterId' = ${letterId})
    + (select count(*) from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier like '%letter.ocr' and j.payload->>'letterId' = ${letterId}))::int as n`;
  return row!.n;
}

beforeAll(async () => {
  a = await createAgency('กรมทดสอบรับข้อมูลหนังสือ');
  cookie = await sessionCookie((await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }])).claims);
});

afterAll(async () => {
  await owner.end();
});

describe('receiving a letter that carries its data (PDF/A-3 with saraban-letter.xml)', () => {
  it('by e-mail: takes its number, date, subject, urgency and sender from the data, and its exact text for search without OCR', async () => {
    const letter = sampleLetters.external;
    const outcome = await receiveEmail(a.tenantId, null, await email('<data-0001@opm.go.th>', 'ส่งหนังสือ', renderLetterPdf(letter)));
    expect(outcome.outcome).toBe('received');
    const letterId = (outcome as { letterId: string }).letterId;
    const [row] = await owner`select document_number, letter_date::text, subject, urgency, from_text, remarks from letters where tenant_id = ${a.tenantId} and id = ${letterId}`;
    expect(row).toMatchObject({
      document_number: 'นร ๐๑๐๕/๑๒๓๔', letter_date: '2026-11-24', subject: 'ขอความร่วมมือในการพัฒนาระบบสารบรรณอิเล็กทรอนิกส์ของส่วนราชการ',
      urgency: 'very_urgent', from_text: `${letter.agency.nameTh} <saraban@opm.go.th>`,
    });
    expect(row!.remarks).toContain('อ่านรายละเอียดจากข้อมูลที่แนบในไฟล์หนังสือ');
    const [text] = await texts(letterId);
    expect(text!.source).toBe('embedded');
    // The exact text: no doubled marks as a PDF text extractor reads them (สิ่สิ่ง).
    expect(text!.text).toContain('เพื่อลดการใช้กระดาษและเพิ่มความรวดเร็วในการติดต่อราชการ');
    expect(text!.text).not.toContain('สิ่สิ่ง');
    expect(await ocrJobs(letterId)).toBe(0);
    // A PDF without data is left to OCR, as before.
    const plain = await receiveEmail(a.tenantId, null, await email('<data-0003@opm.go.th>', 'สแกน', renderPdf('#set text(font: "Sarabun")\nหนังสือ', {})));
    expect(await ocrJobs((plain as { letterId: string }).letterId)).toBe(1);
  });

  it('by e-mail: a letter whose data marks it classified is taken in, but its text is never indexed', async () => {
    const outcome = await receiveEmail(a.tenantId, null, await email('<data-0002@opm.go.th>', 'ส่งหนังสือ', renderLetterPdf({ ...sampleLetters.memo, secrecy: 'confidential' })));
    const letterId = (outcome as { letterId: string }).letterId;
    expect(await texts(letterId)).toEqual([{ source: 'embedded', text: '' }]);
    expect(await ocrJobs(letterId)).toBe(0);
    const [row] = await owner`select remarks from letters where tenant_id = ${a.tenantId} and id = ${letterId}`;
    expect(row!.remarks).toContain('ไม่ได้อ่านข้อความเพื่อการค้นหา');
  });

  it('a PDF uploaded with a paper letter: the background reading takes the letter’s own text instead of OCR; a PDF without data is read by OCR', async () => {
    const form = new FormData();
    form.set('letter', JSON.stringify({
      documentNumber: 'นร 0105/1234', letterDate: '2026-11-24', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดี', subject: 'ขอความร่วมมือ',
      urgency: 'normal', secrecy: 'normal', remarks: '',
    }));
    form.append('files', new Blob([new Uint8Array(renderLetterPdf(sampleLetters.order))]), 'คำสั่ง.pdf');
    form.append('files', new Blob([new Uint8Array(renderPdf('#set text(font: "Sarabun", size: 16pt)\nหนังสือที่สแกน', {}))]), 'สแกน.pdf');
    const response = await POST(new Request('http://127.0.0.1/api/letters/paper', { method: 'POST', body: form, headers: { cookie } }));
    expect(response.status).toBe(200);
    const { id } = await response.json() as { id: string };
    const read = await runJobsUntil(async () => {
      const rows = await texts(id);
      return rows.length === 2 && rows;
    });
    const bySource = Object.fromEntries(read.map((r) => [r.source, r.text]));
    expect(bySource.embedded).toContain(sampleLetters.order.body[0]!.slice(0, 30).replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!));
    expect(bySource.ocr).toBeDefined();
  }, 120_000);
});

describe('an agency’s own words', () => {
  const settings = { address: '', phone: '', email: '', thaiDigits: true, dateStyle: 'full' as const };

  it('are kept in its settings (cleaned, once each), and a word that cannot be one is refused by its line, changing nothing', async () => {
    const admin = callerFor(a.adminClaims).caller;
    await admin.agency.updateSettings({ ...settings, words: ['ศูนย์ปฏิบัติการ  น้ำอัจฉริยะ', 'กองยุทธศาสตร์และแผนงาน', 'กองยุทธศาสตร์และแผนงาน'] });
    expect((await admin.agency.get()).settings.words).toEqual(['ศูนย์ปฏิบัติการ น้ำอัจฉริยะ', 'กองยุทธศาสตร์และแผนงาน']);
    const refused = admin.agency.updateSettings({ ...settings, words: ['กองคลัง', '\u0E34ผิด', 'x'] });
    await expect(refused).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await refused.catch((error: { cause: { issues: Array<{ path: Array<string | number>; message: string }> } }) => {
      expect(error.cause.issues.map((i) => `${i.path.join('.')}:${i.message}`).sort()).toEqual(['words.1:word_invalid', 'words.2:word_invalid']);
    });
    expect((await admin.agency.get()).settings.words).toEqual(['ศูนย์ปฏิบัติการ น้ำอัจฉริยะ', 'กองยุทธศาสตร์และแผนงาน']);
    // Left out, they stay as they are.
    await admin.agency.updateSettings(settings);
    expect((await admin.agency.get()).settings.words).toHaveLength(2);
  });
});
