import { createHash, randomBytes } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as download } from '@/app/api/download/[token]/route';
import { resolveDownload } from '@/server/sending/download-link';
import type { DraftContent } from '@/core/draft-content';
import { freePort } from '@/server/runtime/free-port';
import { readObject } from '@/server/storage/s3';
import { addPerson, callerFor, createAgency, PASSWORD, runJobsUntil, type TestAgency } from './factories';
import { startLocalResend } from './local-resend';
import { resetEnv } from '@/core/env';

/** Signs a letter to the given addresses and sends it; returns the registry officer's caller and the letter. */
async function signAndSend(a: TestAgency, recipients: DraftContent['recipients']) {
  const registry = callerFor((await addPerson(a, `registry${randomBytes(3).toString('hex')}`, [{ unitId: a.rootUnitId, role: 'central_registry_officer' }])).claims).caller;
  const chief = await addPerson(a, `chief${randomBytes(3).toString('hex')}`, [{ unitId: a.rootUnitId, role: 'executive' }]);
  const { id } = await registry.outgoing.create({ kind: 'external', content: {
    subject: 'ขอเชิญร่วมประชุมหารือการเชื่อมโยงระบบสารบรรณ', addressee: 'ผู้จัดการ', body: ['ขอเชิญประชุม'], recipients,
  } });
  await registry.outgoing.submit({ letterId: id, reviewers: [], signerId: chief.id });
  const signed = await callerFor(chief.claims).caller.outgoing.sign({ letterId: id, password: PASSWORD });
  await registry.outgoing.send({ letterId: id });
  return { registry, id, signed };
}

describe('letters by e-mail: through the agency’s own SMTP server', () => {
  let smtp: SMTPServer;
  let port: number;
  const received: ParsedMail[] = [];

  beforeAll(async () => {
    port = await freePort();
    smtp = new SMTPServer({
      secure: false, disabledCommands: ['STARTTLS'], authOptional: true, logger: false,
      onAuth: (auth, _session, cb) => (auth.username === 'saraban' && auth.password === 'smtp-secret' ? cb(null, { user: 'saraban' }) : cb(new Error('bad credentials'))),
      onRcptTo: (address, _session, cb) => (address.address.endsWith('@refused.example') ? cb(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 })) : cb()),
      onData: (stream, _session, cb) => { void simpleParser(stream).then((m) => { received.push(m); cb(); }, cb); },
    });
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('the signed PDF goes as an attachment and the record shows delivered; a refused address fails at once, shows in the banner list, and is acknowledged', async () => {
    const a = await createAgency('กรมที่มีเซิร์ฟเวอร์อีเมลเอง');
    await callerFor(a.adminClaims).caller.mail.saveSmtp({ host: '127.0.0.1', port, secure: false, username: 'saraban', password: 'smtp-secret', fromAddress: 'saraban@agency.example', enabled: true });
    const { registry, id, signed } = await signAndSend(a, [
      { kind: 'email', address: 'manager@company.example', name: 'ผู้จัดการบริษัท', copy: false },
      { kind: 'email', address: 'nobody@refused.example', name: '', copy: false },
    ]);
    const settled = await runJobsUntil(async () => {
      const d = (await registry.outgoing.get({ letterId: id })).deliveries;
      return d.every((x) => x.state !== 'queued') && d;
    });
    const ok = settled.find((d) => d.recipientEmail === 'manager@company.example')!;
    const refused = settled.find((d) => d.recipientEmail === 'nobody@refused.example')!;
    expect(ok).toMatchObject({ state: 'delivered', transport: 'smtp' });
    expect(refused).toMatchObject({ state: 'failed', failedReason: 'bounced' });

    const mail = received.find((m) => m.subject?.includes(signed.documentNumber))!;
    expect(mail.subject).toBe(`ที่ ${signed.documentNumber} เรื่อง ขอเชิญร่วมประชุมหารือการเชื่อมโยงระบบสารบรรณ`);
    expect(mail.from?.value[0]?.address).toBe('saraban@agency.example');
    expect(mail.attachments).toHaveLength(1);
    expect(createHash('sha256').update(mail.attachments[0]!.content).digest('hex')).toBe(signed.sha256);

    // Shown without being asked, until acknowledged; the sender was notified.
    const undelivered = await registry.outgoing.undelivered();
    expect(undelivered.map((d) => d.recipientEmail)).toEqual(['nobody@refused.example']);
    expect((await registry.letters.notifications()).items.some((n) => n.kind === 'delivery_failed')).toBe(true);
    await registry.outgoing.confirmDeliveries({ deliveryIds: [refused.id] });
    expect(await registry.outgoing.undelivered()).toEqual([]);
  });
});

describe('letters by e-mail too large to attach', () => {
  let smtp: SMTPServer;
  let port: number;
  const received: ParsedMail[] = [];

  beforeAll(async () => {
    port = await freePort();
    smtp = new SMTPServer({ secure: false, disabledCommands: ['STARTTLS'], authOptional: true, logger: false,
      onData: (stream, _session, cb) => { void simpleParser(stream).then((m) => { received.push(m); cb(); }, cb); } });
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    process.env.EMAIL_ATTACHMENT_LIMIT_MB = '0';
    resetEnv();
  });

  afterAll(async () => {
    delete process.env.EMAIL_ATTACHMENT_LIMIT_MB;
    resetEnv();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('go as an expiring signed link that opens that file only', async () => {
    const a = await createAgency('กรมที่ส่งไฟล์ใหญ่');
    await callerFor(a.adminClaims).caller.mail.saveSmtp({ host: '127.0.0.1', port, secure: false, username: '', fromAddress: 'saraban@agency.example', enabled: true });
    const { registry, id, signed } = await signAndSend(a, [{ kind: 'email', address: 'big@company.example', name: '', copy: false }]);
    await runJobsUntil(async () => (await registry.outgoing.get({ letterId: id })).deliveries[0]!.state === 'delivered');
    const mail = received.find((m) => m.subject?.includes(signed.documentNumber))!;
    expect(mail.attachments).toHaveLength(0);
    const link = /\/api\/download\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(String(mail.html))![1]!;
    const ok = await download(new Request(`http://127.0.0.1/api/download/${link}`), { params: Promise.resolve({ token: link }) });
    expect(ok.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await ok.arrayBuffer())).digest('hex')).toBe(signed.sha256);
    const [body, sig] = link.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, f: 1 })).toString('base64url')}.${sig}`;
    expect((await download(new Request('http://127.0.0.1/'), { params: Promise.resolve({ token: forged }) })).status).toBe(404);
    expect(await resolveDownload(link, Date.now() + 31 * 86_400_000)).toEqual({ error: 'expired' });
  });
});

describe('letters by e-mail: through Resend, with its delivery webhooks', () => {
  let resend: Awaited<ReturnType<typeof startLocalResend>>;
  beforeAll(async () => { resend = await startLocalResend(); });
  afterAll(() => resend?.stop());

  function webhook(type: string, emailId: string, tags: Record<string, string>) {
    return resend.webhook(JSON.stringify({ type, created_at: new Date().toISOString(), data: { email_id: emailId, created_at: new Date().toISOString(), from: 'x', to: ['y'], subject: 's', tags } }));
  }

  it('is sent once with the PDF and tags; email.delivered marks it delivered, email.bounced fails it', async () => {
    const a = await createAgency('กรมที่ส่งผ่าน Resend');
    const { registry, id, signed } = await signAndSend(a, [
      { kind: 'email', address: 'one@company.example', name: '', copy: false },
      { kind: 'email', address: 'two@company.example', name: '', copy: false },
    ]);
    const queued = await runJobsUntil(async () => {
      const d = (await registry.outgoing.get({ letterId: id })).deliveries;
      return d.every((x) => x.providerMessageId) && d;
    });
    expect(queued.map((d) => d.state)).toEqual(['queued', 'queued']);
    const mine = resend.sent.filter((s) => s.body.tags?.some((t) => t.value === a.tenantId));
    expect(mine).toHaveLength(2);
    expect(Buffer.from(mine[0]!.body.attachments![0]!.content, 'base64').equals(await readObject((await registry.outgoing.file({ letterId: id, fileId: (await registry.outgoing.get({ letterId: id })).files[0]!.id })).objectKey))).toBe(true);
    expect(mine.every((s) => s.idempotencyKey?.startsWith(`${a.tenantId}/delivery:`))).toBe(true);
    expect(mine[0]!.body.subject).toContain(signed.documentNumber);

    const one = queued.find((d) => d.recipientEmail === 'one@company.example')!;
    const two = queued.find((d) => d.recipientEmail === 'two@company.example')!;
    expect((await webhook('email.delivered', one.providerMessageId!, { tenant: a.tenantId, delivery: one.id })).status).toBe(200);
    // A webhook naming the wrong provider message changes nothing.
    await webhook('email.bounced', 'em_other', { tenant: a.tenantId, delivery: two.id });
    expect((await registry.outgoing.get({ letterId: id })).deliveries.find((d) => d.id === two.id)!.state).toBe('queued');
    await webhook('email.bounced', two.providerMessageId!, { tenant: a.tenantId, delivery: two.id });
    const after = (await registry.outgoing.get({ letterId: id })).deliveries;
    expect(after.find((d) => d.id === one.id)!.state).toBe('delivered');
    expect(after.find((d) => d.id === two.id)).toMatchObject({ state: 'failed', failedReason: 'bounced' });
  });
});
