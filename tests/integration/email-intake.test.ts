import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderPdf } from '@/server/documents/typst';
import { readObject } from '@/server/storage/s3';
import { addPerson, callerFor, createAgency, ownerSql, runJobsUntil, type TestAgency } from './factories';
import { startLocalResend } from './local-resend';
import { startDovecot } from './mail-servers';
import { resetEnv } from '@/core/env';

const owner = ownerSql();
const MAILBOX = { user: 'saraban@test-agency.go.th', pass: 'imap-secret-1' };
let imap: Awaited<ReturnType<typeof startDovecot>>;
let a: TestAgency;
let admin: ReturnType<typeof callerFor>['caller'];
let officer: ReturnType<typeof callerFor>['caller'];

const pdf = renderPdf('#set text(font: "Sarabun", size: 16pt)\nที่ มท ๐๒๐๑/ว ๑๒๓๔ ขอเชิญประชุม', {});
let jpeg: Buffer;

async function message(options: { messageId: string; subject: string; attachments: Array<{ filename: string; content: Buffer }>; text?: string }) {
  const { message: raw } = await createTransport({ streamTransport: true, buffer: true }).sendMail({
    from: '"สำนักงานปลัดกระทรวงมหาดไทย" <saraban@moi.go.th>', to: MAILBOX.user, date: new Date('2026-11-20T09:15:00+07:00'),
    messageId: options.messageId, subject: options.subject, text: options.text ?? 'เรียน อธิบดี\nตามที่แนบมาพร้อมนี้', attachments: options.attachments,
  });
  return raw as Buffer;
}

async function deliver(raw: Buffer) {
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: MAILBOX, logger: false });
  await client.connect();
  await client.append('INBOX', raw);
  await client.logout();
}

async function drainAgain() {
  const { drainJobs } = await import('@/server/jobs/worker');
  await drainJobs(process.env.TEST_OWNER_URL!);
}

async function pollUntilUid(uid: number) {
  const [box] = await admin.mail.mailboxes();
  await admin.mail.pollNow({ mailboxId: box!.id });
  return runJobsUntil(async () => {
    const [b] = await admin.mail.mailboxes();
    return b!.lastUid >= uid && b;
  });
}

const invitation = {
  messageId: '<invitation-0001@moi.go.th>',
  subject: 'ด่วนที่สุด ขอเชิญประชุมคณะกรรมการพัฒนาระบบสารบรรณ',
  text: 'ที่ มท 0201/ว 1234 ลงวันที่ 20 พฤศจิกายน 2569\nเรียน อธิบดี',
  attachments: [
    { filename: 'หนังสือเชิญประชุม.pdf', content: pdf },
    { filename: 'แผนที่.jpg', content: Buffer.alloc(0) },
    { filename: 'แบบตอบรับ.docx', content: Buffer.from('PK\u0003\u0004 word document') },
  ],
};

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
  invitation.attachments[1]!.content = jpeg;
  imap = await startDovecot({ [MAILBOX.user]: MAILBOX.pass });
  a = await createAgency('กรมทดสอบรับอีเมล');
  admin = callerFor(a.adminClaims).caller;
  officer = callerFor((await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }])).claims).caller;
  await admin.mail.saveMailbox({
    unitId: a.rootUnitId, host: imap.host, port: imap.port, tls: false, username: MAILBOX.user, password: MAILBOX.pass, folder: 'INBOX', enabled: true,
  });
}, 30_000);

afterAll(async () => {
  await imap?.stop();
  await owner.end();
});

describe('e-mail intake over IMAP (the agency’s own mailbox)', () => {
  it('refuses a mail server the platform does not allow, changing nothing', async () => {
    vi.stubEnv('MAIL_ALLOWED_HOSTS', 'mail.go.th,*.mail.go.th');
    resetEnv();
    try {
      const before = await admin.mail.mailboxes();
      await expect(admin.mail.saveMailbox({
        unitId: a.rootUnitId, host: 'imap.example.com', port: 143, tls: false, username: 'x', password: 'y', folder: 'INBOX', enabled: true,
      })).rejects.toMatchObject({ message: 'mail_host_not_allowed' });
      expect(await admin.mail.mailboxes()).toEqual(before);
    } finally {
      vi.unstubAllEnvs();
      resetEnv();
    }
  });

  it('keeps the password encrypted', async () => {
    const [row] = await owner`select password_encrypted from mailboxes where tenant_id = ${a.tenantId}`;
    expect(row!.password_encrypted).toMatch(/^v1:/);
    expect(row!.password_encrypted).not.toContain(MAILBOX.pass);
  });

  it('turns each new message into a waiting letter with its attachments; one with too many attachments is refused with the reason', async () => {
    const raw = await message(invitation);
    expect(raw.toString()).toMatch(/^Subject: =\?UTF-8\?/m); // a real RFC 2047 Thai subject
    await deliver(raw);
    await deliver(await message({
      messageId: '<bulk-0002@moi.go.th>', subject: 'ส่งเอกสารจำนวนมาก',
      attachments: Array.from({ length: 100 }, (_, i) => ({ filename: `หน้า-${i + 1}.pdf`, content: pdf })),
    }));
    await pollUntilUid(2);

    const waiting = await officer.registry.waiting();
    expect(waiting.map((l) => [l.subject, l.urgency, l.channel])).toEqual([[invitation.subject, 'most_urgent', 'email']]);
    const [letter] = waiting;
    expect(letter!.fromText).toBe('สำนักงานปลัดกระทรวงมหาดไทย <saraban@moi.go.th>');
    expect(letter!.documentNumber).toBe('มท 0201/ว 1234');
    expect(letter!.letterDate).toBe('2026-11-20');
    const files = await officer.registry.files({ letterId: letter!.id });
    expect(files.map((f) => [f.kind, f.fileName, f.contentType]).sort()).toEqual([
      ['email', `${invitation.subject}.eml`, 'message/rfc822'],
      ['original', 'หนังสือเชิญประชุม.pdf', 'application/pdf'],
      ['original', 'แผนที่.jpg', 'image/jpeg'],
    ]);
    const stored = await readObject(files.find((f) => f.fileName.endsWith('.pdf'))!.objectKey);
    expect(Buffer.compare(stored, pdf)).toBe(0);
    const [details] = await owner`select remarks, reply_to from letters where tenant_id = ${a.tenantId} and id = ${letter!.id}`;
    expect(details!.remarks).toContain('แบบตอบรับ.docx');
    expect(details!.reply_to).toBe('saraban@moi.go.th');

    const rejections = await officer.intake.rejections();
    expect(rejections.map((r) => [r.subject, r.reason])).toEqual([['ส่งเอกสารจำนวนมาก', 'too_many_files']]);
    const [objects] = await owner`select count(*)::int as n from letter_files where tenant_id = ${a.tenantId}`;
    expect(objects!.n).toBe(3); // nothing of the refused e-mail was kept
  }, 90_000);

  it('registering it sends the receipt back to the sender (the local outbox when no Resend key is set)', async () => {
    const [letter] = await officer.registry.waiting();
    const registered = await officer.registry.register({ letterId: letter!.id });
    const [email] = await runJobsUntil(async () => {
      const sent = await officer.mail.outbox();
      return sent.length > 0 && sent;
    });
    expect(email).toMatchObject({ kind: 'receipt_acknowledgement', toAddress: 'saraban@moi.go.th', transport: 'local', letterId: letter!.id });
    expect(email!.subject).toBe(`แจ้งการรับหนังสือ: ${invitation.subject}`);
    const message = await officer.mail.outboxMessage({ emailId: email!.id });
    const thai = String(registered.number).replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!);
    expect(message.html).toContain(`${thai} (ทะเบียนหนังสือรับ`);
    expect(message.text).toContain('กรมทดสอบรับอีเมล');
    expect(message.text).toContain(invitation.subject);
    await drainAgain();
    expect(await officer.mail.outbox()).toHaveLength(1); // sent once, however often the job runs
  }, 60_000);

  it('the same e-mail delivered twice makes one letter', async () => {
    await deliver(await message(invitation));
    await pollUntilUid(3);
    const [count] = await owner`select count(*)::int as n from letters where tenant_id = ${a.tenantId} and subject = ${invitation.subject}`;
    expect(count!.n).toBe(1);
  }, 60_000);

  it('a wrong password is shown on the mailbox, and polling goes on', async () => {
    const [box] = await admin.mail.mailboxes();
    await admin.mail.saveMailbox({ ...box!, password: 'wrong-password', folder: 'INBOX' });
    const failed = await runJobsUntil(async () => {
      const [b] = await admin.mail.mailboxes();
      return b!.lastError ? b : null;
    });
    expect(failed.lastError).toBeTruthy();
    const [next] = await owner`select count(*)::int as n from graphile_worker._private_jobs where key = ${`${a.tenantId}:mail-poll:${box!.id}`} and run_at > now()`;
    expect(next!.n).toBe(1);
    await admin.mail.saveMailbox({ ...box!, password: MAILBOX.pass, folder: 'INBOX' });
  }, 60_000);
});

describe('e-mail intake through the Resend inbound webhook', () => {
  let resend: Awaited<ReturnType<typeof startLocalResend>>;
  beforeAll(async () => { resend = await startLocalResend(); });
  afterAll(() => resend?.stop());
  const webhook = (body: string, sign?: string) => resend.webhook(body, sign);

  const event = (emailId: string) => JSON.stringify({
    type: 'email.received', created_at: new Date().toISOString(),
    data: { email_id: emailId, created_at: new Date().toISOString(), from: 'saraban@moi.go.th', to: [`${a.code}@inbound.saraban.test`], bcc: [], cc: [], received_for: [], message_id: '<x>', subject: 'x', attachments: [] },
  });

  it('refuses a payload with a bad signature, queueing nothing', async () => {
    const response = await webhook(event('em_bad'), `whsec_${randomBytes(24).toString('base64')}`);
    expect(response.status).toBe(401);
    expect((await response.json()).error.messageKey).toBe('webhook_signature_invalid');
    const [queued] = await owner`select count(*)::int as n from outbox.jobs where payload->>'emailId' = 'em_bad'`;
    expect(queued!.n).toBe(0);
  });

  it('a message larger than the service takes is refused by its announced size, not read whole, and leaves a note with the reason', async () => {
    vi.stubEnv('MAX_UPLOAD_MB', '1');
    resetEnv();
    try {
      resend.raws.set('em_big', Buffer.alloc(3 * 1024 * 1024, 'a'));
      expect((await (await webhook(event('em_big'))).json()).queued).toBe(1);
      const note = await runJobsUntil(async () => (await officer.intake.rejections()).find((r) => r.reason === 'file_too_large'));
      expect(note).toMatchObject({ reason: 'file_too_large' });
      const [made] = await owner`select count(*)::int as n from letters where tenant_id = ${a.tenantId} and external_ref like '%em_big%'`;
      expect(made!.n).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      resetEnv();
    }
  });

  it('a signed email.received for the agency’s address becomes a waiting letter; the same message again (also by IMAP) stays one letter', async () => {
    resend.raws.set('em_1', await message({ messageId: '<circular-0003@moi.go.th>', subject: 'ด่วน หนังสือเวียนแจ้งแนวทางปฏิบัติ', attachments: [{ filename: 'หนังสือเวียน.pdf', content: pdf }] }));
    resend.raws.set('em_2', resend.raws.get('em_1')!); // Resend received it twice
    expect((await (await webhook(event('em_1'))).json()).queued).toBe(1);
    expect((await (await webhook(event('em_2'))).json()).queued).toBe(1);
    const letters = await runJobsUntil(async () => {
      const [n] = await owner`select count(*)::int as n from outbox.jobs where payload->>'emailId' in ('em_1', 'em_2')`;
      const [left] = await owner`select count(*)::int as n from graphile_worker._private_jobs where payload->>'emailId' in ('em_1', 'em_2')`;
      const waiting = (await officer.registry.waiting()).filter((l) => l.subject === 'ด่วน หนังสือเวียนแจ้งแนวทางปฏิบัติ');
      return n!.n === 0 && left!.n === 0 && waiting.length > 0 && waiting;
    });
    expect(letters.map((l) => [l.urgency, l.channel])).toEqual([['urgent', 'email']]);
    await deliver(resend.raws.get('em_1')!);
    await pollUntilUid(4);
    const [count] = await owner`select count(*)::int as n from letters where tenant_id = ${a.tenantId} and subject = 'ด่วน หนังสือเวียนแจ้งแนวทางปฏิบัติ'`;
    expect(count!.n).toBe(1);

    // With RESEND_API_KEY set, the receipt goes out through Resend, once.
    const registered = await officer.registry.register({ letterId: letters[0]!.id });
    await runJobsUntil(async () => resend.sent.length > 0);
    await drainAgain();
    expect(resend.sent).toHaveLength(1);
    expect(resend.sent[0]!.body).toMatchObject({ to: ['saraban@moi.go.th'], subject: 'แจ้งการรับหนังสือ: ด่วน หนังสือเวียนแจ้งแนวทางปฏิบัติ' });
    expect(resend.sent[0]!.body.from).toMatch(/^"กรมทดสอบรับอีเมล [^"]+" <.+@.+>$/);
    expect(String(resend.sent[0]!.body.html)).toContain(String(registered.number).replace(/[0-9]/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!));
    expect(resend.sent[0]!.idempotencyKey).toContain(letters[0]!.id);
    const outbox = await officer.mail.outbox();
    expect(outbox.find((e) => e.letterId === letters[0]!.id)?.transport).toBe('resend');
  }, 90_000);
});

describe('e-mail too large to take in', () => {
  it('over IMAP, is noted as refused from the size the server tells, without being downloaded', async () => {
    vi.stubEnv('MAX_UPLOAD_MB', '1');
    resetEnv();
    try {
      const [box] = await admin.mail.mailboxes();
      const big = await message({ messageId: '<oversized-0001@moi.go.th>', subject: 'แผนที่ความละเอียดสูง', attachments: [{ filename: 'แผนที่.pdf', content: Buffer.alloc(2 * 1024 * 1024, 1) }] });
      await deliver(big);
      await pollUntilUid(box!.lastUid + 1);
      const note = (await officer.intake.rejections()).find((r) => r.subject === 'แผนที่ความละเอียดสูง');
      expect(note).toMatchObject({ reason: 'file_too_large', fromText: 'saraban@moi.go.th' });
      // Refused from the size the server told (recorded with it), not after parsing the downloaded message.
      const [row] = await owner`select detail from intake_rejections where tenant_id = ${a.tenantId} and subject = 'แผนที่ความละเอียดสูง'`;
      expect(row!.detail.size).toBeGreaterThan(2 * 1024 * 1024);
      const [made] = await owner`select count(*)::int as n from letters where tenant_id = ${a.tenantId} and subject = 'แผนที่ความละเอียดสูง'`;
      expect(made!.n).toBe(0);
    } finally {
      vi.unstubAllEnvs();
      resetEnv();
    }
  });
});
