import net from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '@/core/env';
import type { DraftContent } from '@/core/draft-content';
import { deliveries, exchangeArrivals, intakeRejections } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { correspondenceLetterXml, envelope, noticeRequest, outboundLetterBody, type ExchangeLetter } from '@/server/exchange/gov-document';
import { startExchangeNode, type ExchangeNode } from '@/server/exchange/local-node';
import { pullExchange, TAKE_ATTEMPTS } from '@/server/exchange/receive';
import { taskList } from '@/server/jobs/tasks';
import { drainJobs } from '@/server/jobs/worker';
import { callExchange } from '@/server/exchange/soap-client';
import { signedGovernmentDocument } from '@/server/exchange/xml-signature';
import { generateAgencyCertificate, privateKeyPem } from '@/server/signing/agency-certificate';
import { enqueue } from '@/server/queue/enqueue';
import { renderPdf } from '@/server/documents/typst';
import { readObject } from '@/server/storage/s3';
import { addPerson, callerFor, createAgency, errorKey, ownerSql, PASSWORD, runJobsUntil, type TestAgency } from './factories';

const pdf = renderPdf('#set text(font: "Sarabun", size: 16pt)\nที่ กค ๐๔๐๒/ว ๑๒ เรื่อง ขอเชิญประชุม', {});

let node: ExchangeNode;
/** An organisation on the exchange that is not on the platform (another system). */
const outside = { id: 'C0301', ministryId: 'M03', name: 'กรมภายนอกที่ใช้ระบบอื่น', username: 'c0301', password: 'pw-c' };

beforeAll(async () => {
  process.env.EXCHANGE_INTERNAL_HOSTS = '127.0.0.1';
  resetEnv();
  node = await startExchangeNode({
    organizations: [outside],
    ministries: [{ id: 'M01', name: 'กระทรวงหนึ่ง', ministryId: 'M01' }, { id: 'M02', name: 'กระทรวงสอง', ministryId: 'M02' }, { id: 'M03', name: 'กระทรวงสาม', ministryId: 'M03' }],
  });
});
afterAll(async () => {
  // The agencies made here stop pulling: their scheduled pulls end instead of coming back every minute
  // (other files wait for the queue to empty).
  await ownerSql()`update exchange_connections set enabled = false`;
  await node.close();
});

function content(recipients: DraftContent['recipients'], over: Partial<DraftContent> = {}) {
  return {
    subject: 'ขอเชิญประชุมคณะทำงานแลกเปลี่ยนหนังสือ', salutation: 'เรียน', addressee: 'อธิบดีกรมปลายทางแลกเปลี่ยน',
    body: ['ด้วยกรมจะจัดประชุมคณะทำงาน', 'จึงเรียนมาเพื่อโปรดพิจารณา'], closing: 'ขอแสดงความนับถือ',
    signer: { name: 'นายผู้บริหาร ทดสอบ', position: 'อธิบดี' }, recipients, references: ['หนังสือกรม ที่ กค 0402/ว 1 ลงวันที่ 1 ธันวาคม 2569'], ...over,
  };
}

/** A platform agency connected to the local node as an organisation of its own, with people to draft, sign, send and register. */
async function connected(name: string, options = { connect: true }) {
  const id = `T${crypto.randomUUID().slice(0, 8)}`;
  const org = { id, ministryId: 'M01', name, username: id.toLowerCase(), password: `pw-${id}` };
  node.addOrganization(org);
  const a = await createAgency(name);
  const admin = callerFor(a.adminClaims).caller;
  const connect = () => admin.exchange.saveConnection({ nodeUrl: node.url, username: org.username, password: org.password, ministryId: org.ministryId, departmentId: org.id, enabled: true });
  if (options.connect) await connect();
  const chief = await addPerson(a, 'chief', [{ unitId: a.rootUnitId, role: 'executive' }]);
  const registry = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  return {
    a, org, admin, connect, ids: { chief: chief.id }, chief: callerFor(chief.claims).caller, registry: callerFor(registry.claims).caller,
    /** This agency as a recipient on the exchange. */
    recipient: { kind: 'exchange' as const, orgId: org.id, ministryId: org.ministryId, name, copy: false },
  };
}

async function signedLetter(o: Awaited<ReturnType<typeof connected>>, recipients: DraftContent['recipients'], over: Partial<DraftContent> = {}) {
  const { id } = await o.registry.outgoing.create({ kind: 'external', content: content(recipients, over) });
  await o.registry.outgoing.submit({ letterId: id, reviewers: [], signerId: o.ids.chief });
  await o.chief.outgoing.sign({ letterId: id, password: PASSWORD });
  return id;
}

async function deliveryOf(a: TestAgency, outgoingLetterId: string) {
  return runInTenant({ tenantId: a.tenantId, userId: null }, async (tx) => (await tx.select().from(deliveries)
    .where(and(eq(deliveries.tenantId, a.tenantId), eq(deliveries.outgoingLetterId, outgoingLetterId))))[0]!);
}

/** The pull job of an agency, now (it also runs on its own schedule); it takes what it keeps before it ends. */
async function pullNow(a: TestAgency) {
  await pullExchange({ tenantId: a.tenantId });
}

/** A receiving agency (connected once the letter waits) with one letter of this subject queued for it at the node. */
async function oneLetterQueuedFor(subject: string) {
  const sender = await connected('กรมต้นทางแลกเปลี่ยน');
  const receiver = await connected('กรมปลายทางแลกเปลี่ยน', { connect: false });
  const letterId = await signedLetter(sender, [receiver.recipient], { subject });
  await sender.registry.outgoing.send({ letterId });
  await runJobsUntil(async () => node.queued(receiver.org.id) === 1);
  await receiver.connect();
  return receiver;
}

async function pull(a: TestAgency) {
  await runInTenant({ tenantId: a.tenantId, userId: null, system: true }, (tx) => enqueue(tx, 'exchange.pull', {}, { jobKey: `exchange-pull:${a.tenantId}` }));
}


describe('the government exchange (ECMS) between two platform agencies set to use it', () => {
  it('send → pull → register → accept notice: the sender sees the receiver’s number; the letter arrives once', async () => {
    const sender = await connected('กรมต้นทางแลกเปลี่ยน');
    const receiver = await connected('กรมปลายทางแลกเปลี่ยน');
    // The directory comes from the node and is searchable by name.
    const { organizations } = await sender.admin.exchange.refreshDirectory();
    expect(organizations).toBeGreaterThanOrEqual(3);
    expect((await sender.registry.exchange.directory({ query: 'ภายนอกที่ใช้' })).map((o) => [o.orgId, o.ministryName])).toEqual([['C0301', 'กระทรวงสาม']]);
    expect(await sender.registry.exchange.directory({ query: receiver.org.id })).toHaveLength(1);
    expect(await sender.admin.exchange.testConnection()).toEqual({ ok: true, ministries: 3 });

    const letterId = await signedLetter(sender, [receiver.recipient]);
    await sender.registry.outgoing.send({ letterId });
    const sent = await runJobsUntil(async () => {
      const d = await deliveryOf(sender.a, letterId);
      return d.exchangeProcessId ? d : null;
    });
    expect(sent).toMatchObject({ channel: 'exchange', exchangeOrgId: receiver.org.id });

    await pull(receiver.a);
    const waiting = await runJobsUntil(async () => {
      const list = await receiver.registry.registry.waiting();
      return list.length === 1 && list;
    });
    expect(waiting[0]).toMatchObject({ subject: 'ขอเชิญประชุมคณะทำงานแลกเปลี่ยนหนังสือ', channel: 'exchange' });
    expect(node.queued(receiver.org.id)).toBe(0);
    // The message was kept until it was taken as a letter, then removed.
    expect(await runInTenant({ tenantId: receiver.a.tenantId, userId: null }, (tx) => tx.select().from(exchangeArrivals))).toEqual([]);
    const files = await receiver.registry.registry.files({ letterId: waiting[0]!.id });
    expect(files[0]!.contentType).toBe('application/pdf');
    const signedPdf = await readObject(files[0]!.objectKey);
    expect(signedPdf.subarray(0, 5).toString()).toBe('%PDF-');

    // The receipt notice makes the sender's record "delivered".
    await pull(sender.a);
    await runJobsUntil(async () => (await deliveryOf(sender.a, letterId)).state === 'delivered');

    const registered = await receiver.registry.registry.register({ letterId: waiting[0]!.id });
    await runJobsUntil(async () => node.queued(sender.org.id) > 0);
    await pull(sender.a);
    const record = await runJobsUntil(async () => {
      const d = await deliveryOf(sender.a, letterId);
      return d.state === 'registered' && d;
    });
    expect(record).toMatchObject({ receiveNumber: registered.number, acceptId: String(registered.number) });
    expect(record.registeredAt!.getTime()).toBe(registered.registeredAt.getTime());
  });

  it('a letter sent back (ส่งคืน) tells its sender with the reason; an invalid-letter notice fails the sender’s record with the receiver’s words', async () => {
    const sender = await connected('กรมต้นทางแลกเปลี่ยน');
    const receiver = await connected('กรมปลายทางแลกเปลี่ยน', { connect: false });
    const returned = await signedLetter(sender, [receiver.recipient], { subject: 'หนังสือที่ผู้รับจะส่งคืน' });
    const invalid = await signedLetter(sender, [receiver.recipient], { subject: 'หนังสือที่ผู้รับจะแจ้งว่าไม่ถูกต้อง' });
    await sender.registry.outgoing.send({ letterId: returned });
    await sender.registry.outgoing.send({ letterId: invalid });
    await runJobsUntil(async () => node.queued(receiver.org.id) === 2);
    await receiver.connect();
    await pullNow(receiver.a);
    const waiting = await receiver.registry.registry.waiting();
    const toReturn = waiting.find((l) => l.subject === 'หนังสือที่ผู้รับจะส่งคืน')!;
    await receiver.registry.registry.returnLetter({ letterId: toReturn.id, reason: 'ส่งผิดหน่วยงาน กรุณาส่งถึงกรมบัญชีกลาง' });
    // The receiver's system says the other letter is invalid (as another system would).
    const bad = await deliveryOf(sender.a, invalid);
    await callExchange({ url: node.url, username: receiver.org.username, password: receiver.org.password }, noticeRequest({
      kind: 'invalid', letterMessageId: bad.exchangeMessageId!, letterId: '', acceptId: '', acceptDate: '', description: 'ไฟล์หนังสือเปิดไม่ได้',
      sender: { ministryId: 'M01', departmentId: receiver.org.id }, receiver: { ministryId: 'M01', departmentId: sender.org.id },
    }));
    await runJobsUntil(async () => {
      await pull(sender.a);
      const [r, i] = await Promise.all([deliveryOf(sender.a, returned), deliveryOf(sender.a, invalid)]);
      return r.state === 'returned' && i.state === 'failed';
    });
    expect(await deliveryOf(sender.a, returned)).toMatchObject({ state: 'returned', returnedReason: 'ส่งผิดหน่วยงาน กรุณาส่งถึงกรมบัญชีกลาง' });
    expect(await deliveryOf(sender.a, invalid)).toMatchObject({ state: 'failed', failedReason: 'exchange_invalid', lastError: 'exchange_invalid: ไฟล์หนังสือเปิดไม่ได้' });
  });

  it('a pull stopped after the commit and before the delete takes the letter once', async () => {
    const receiver = await oneLetterQueuedFor('หนังสือที่ดึงซ้ำหลังเครื่องหยุด');
    // The letter is committed, then the delete never reaches the node (as if the process died there): the item stays queued.
    node.misbehave('http500', 1, 1);
    await pullNow(receiver.a);
    expect(node.queued(receiver.org.id)).toBe(1);
    expect((await receiver.registry.registry.waiting()).filter((l) => l.subject === 'หนังสือที่ดึงซ้ำหลังเครื่องหยุด')).toHaveLength(1);
    // The next pull is offered the same item: it is known by its process id, only deleted.
    await pullNow(receiver.a);
    const waiting = (await receiver.registry.registry.waiting()).filter((l) => l.subject === 'หนังสือที่ดึงซ้ำหลังเครื่องหยุด');
    expect(waiting).toHaveLength(1);
    expect(node.queued(receiver.org.id)).toBe(0);
  });

  it('a letter that cannot be taken yet (the object store refusing) is kept, noted and taken by a later pull once due; the node’s queue moves on meanwhile', async () => {
    const receiver = await oneLetterQueuedFor('หนังสือที่รับได้เมื่อที่เก็บไฟล์กลับมา');
    const scope = { tenantId: receiver.a.tenantId, userId: null, system: true };
    const owner = ownerSql();
    const bucket = process.env.S3_BUCKET;
    process.env.S3_BUCKET = 'saraban-no-such-bucket';
    resetEnv();
    let kept: { id: string } | undefined;
    try {
      const before = Date.now();
      await pullExchange({ tenantId: receiver.a.tenantId });
      expect(node.queued(receiver.org.id)).toBe(0);
      [kept] = await runInTenant(scope, (tx) => tx.select({ id: exchangeArrivals.id }).from(exchangeArrivals));
      expect(kept).toBeDefined();
      expect((await receiver.admin.exchange.connection())?.lastError).toMatch(/^exchange_take_failed: ./);
      // Tried once by the pull that kept it; due again after e¹ seconds.
      const [row] = await owner<{ attempts: number; next: Date }[]>`select attempts, next_try_at as next from exchange_arrivals where id = ${kept!.id}`;
      expect(row!.attempts).toBe(1);
      expect(row!.next.getTime() - before).toBeGreaterThan(1_000);
      expect(row!.next.getTime() - Date.now()).toBeLessThan(3_000);
      // The admin sees it held back: from whom, tried once, why; the pulls still try it, so no retry by hand yet.
      const { items, more } = await receiver.admin.exchange.keptArrivals({});
      expect(more).toBe(false);
      expect(items).toEqual([expect.objectContaining({ id: kept!.id, senderId: expect.stringMatching(/^T/), messageId: expect.stringMatching(/^uuid:/), attempts: 1, givenUp: false })]);
      expect(items[0]!.lastError).toMatch(/^exchange_take_failed: ./);
      // The page after it (by its time and id, as the browser asks for the next page) is empty.
      expect(await receiver.admin.exchange.keptArrivals({ after: { takenAt: items[0]!.takenAt.toISOString(), arrivalId: items[0]!.id } })).toEqual({ items: [], more: false });
      expect(await errorKey(receiver.admin.exchange.retryArrival({ arrivalId: kept!.id }))).toBe('exchange_arrival_still_trying');
      expect(await errorKey(receiver.registry.exchange.keptArrivals({}))).toBe('forbidden');
    } finally {
      process.env.S3_BUCKET = bucket;
      resetEnv();
    }
    // The store is back. A pull before the item is due again leaves it kept.
    await owner`update exchange_arrivals set next_try_at = now() + interval '1 minute' where id = ${kept!.id}`;
    await pullExchange({ tenantId: receiver.a.tenantId });
    expect(await runInTenant(scope, (tx) => tx.select({ id: exchangeArrivals.id }).from(exchangeArrivals))).toEqual([kept]);
    // Due (as also after a pull that kept it stopped before taking it): the next pull takes it first.
    await owner`update exchange_arrivals set attempts = 0, tried_at = null, next_try_at = now() - interval '1 second' where id = ${kept!.id}`;
    await pullExchange({ tenantId: receiver.a.tenantId });
    expect((await receiver.registry.registry.waiting()).filter((l) => l.subject === 'หนังสือที่รับได้เมื่อที่เก็บไฟล์กลับมา')).toHaveLength(1);
    expect(await runInTenant(scope, (tx) => tx.select().from(exchangeArrivals))).toEqual([]);
    expect((await receiver.admin.exchange.keptArrivals({})).items).toEqual([]);
  });

  it('a kept letter the pulls have given up on is tried again by the admin, and then taken', async () => {
    const receiver = await oneLetterQueuedFor('หนังสือที่ผู้ดูแลสั่งนำเข้าอีกครั้ง');
    const owner = ownerSql();
    const bucket = process.env.S3_BUCKET;
    process.env.S3_BUCKET = 'saraban-no-such-bucket';
    resetEnv();
    let arrivalId: string;
    try {
      await pullExchange({ tenantId: receiver.a.tenantId });
      arrivalId = (await receiver.admin.exchange.keptArrivals({})).items[0]!.id;
      // As after eleven failed tries (about 16 hours of backoff): the twelfth, once due, is the last.
      await owner`update exchange_arrivals set attempts = ${TAKE_ATTEMPTS - 1}, next_try_at = now() - interval '1 second' where id = ${arrivalId}`;
      await pullExchange({ tenantId: receiver.a.tenantId });
    } finally {
      process.env.S3_BUCKET = bucket;
      resetEnv();
    }
    expect((await receiver.admin.exchange.keptArrivals({})).items).toEqual([expect.objectContaining({ id: arrivalId, givenUp: true, attempts: TAKE_ATTEMPTS })]);
    expect((await owner<{ next: Date | null }[]>`select next_try_at as next from exchange_arrivals where id = ${arrivalId}`)[0]!.next).toBeNull();
    // The pulls no longer try it, the store being back or not.
    await pullExchange({ tenantId: receiver.a.tenantId });
    expect((await receiver.admin.exchange.keptArrivals({})).items).toEqual([expect.objectContaining({ id: arrivalId, givenUp: true })]);
    await receiver.admin.exchange.retryArrival({ arrivalId });
    // Its job takes it now; the pulls only if that job stops first (a minute on), not beside it.
    const [due] = await owner<{ next: Date }[]>`select next_try_at as next from exchange_arrivals where id = ${arrivalId}`;
    expect(due!.next.getTime() - Date.now()).toBeGreaterThan(30_000);
    expect(await errorKey(receiver.admin.exchange.retryArrival({ arrivalId }))).toBe('exchange_arrival_still_trying');
    await drainJobs(process.env.TEST_OWNER_URL!, { 'exchange.take': taskList['exchange.take'] });
    expect((await receiver.registry.registry.waiting()).filter((l) => l.subject === 'หนังสือที่ผู้ดูแลสั่งนำเข้าอีกครั้ง')).toHaveLength(1);
    expect((await receiver.admin.exchange.keptArrivals({})).items).toEqual([]);
    expect(await errorKey(receiver.admin.exchange.retryArrival({ arrivalId }))).toBe('not_found');
  });

  it('withdraw before it is taken, then send again as a new message', async () => {
    const sender = await connected('กรมต้นทางแลกเปลี่ยน');
    const receiver = await connected('กรมปลายทางแลกเปลี่ยน', { connect: false });
    const letterId = await signedLetter(sender, [receiver.recipient], { subject: 'หนังสือที่ถอนคืนแล้วส่งใหม่' });
    await sender.registry.outgoing.send({ letterId });
    const first = await runJobsUntil(async () => {
      const d = await deliveryOf(sender.a, letterId);
      return d.exchangeProcessId ? d : null;
    });
    expect(node.queued(receiver.org.id)).toBe(1);
    await sender.registry.exchange.withdraw({ deliveryId: first.id });
    expect(node.queued(receiver.org.id)).toBe(0);
    expect((await deliveryOf(sender.a, letterId)).state).toBe('withdrawn');
    expect(await errorKey(sender.registry.exchange.withdraw({ deliveryId: first.id }))).toBe('exchange_not_withdrawable');
    await sender.registry.exchange.resend({ deliveryId: first.id });
    const again = await runJobsUntil(async () => {
      const d = await deliveryOf(sender.a, letterId);
      return d.exchangeProcessId ? d : null;
    });
    expect(again.exchangeMessageId).not.toBe(first.exchangeMessageId);
    expect(node.queued(receiver.org.id)).toBe(1);
  });

  it('a receiver the node does not know fails the delivery record with the node’s reason', async () => {
    const sender = await connected('กรมต้นทางแลกเปลี่ยน');
    const letterId = await signedLetter(sender, [{ kind: 'exchange', orgId: 'Z9999', ministryId: 'M09', name: 'หน่วยงานที่ไม่มี', copy: false }], { subject: 'ถึงหน่วยงานที่ไม่มีในระบบแลกเปลี่ยน' });
    await sender.registry.outgoing.send({ letterId });
    const failed = await runJobsUntil(async () => {
      const d = await deliveryOf(sender.a, letterId);
      return d.state === 'failed' && d;
    });
    expect(failed.failedReason).toBe('exchange_refused');
    expect(failed.lastError).toContain('unknown receiver');

  });
});

describe('a node that fails', () => {
  it('a kept connection the node drops just as a call goes out on it: the call goes once more, on a new connection; a new connection dropped fails the call', async () => {
    /** A node answering every call, but dropping (a reset) the connection on the calls the test names: [connection, call on it]. */
    const nodeDropping = async (drops: Array<[number, number]>) => {
      const answered: Array<[number, number]> = [];
      const sockets: net.Socket[] = [];
      const server = net.createServer((socket) => {
        const connection = sockets.push(socket);
        let text = '';
        let calls = 0;
        socket.on('data', (chunk) => {
          text += chunk.toString('latin1');
          for (let end = text.indexOf('</soap:Envelope>'); end >= 0; end = text.indexOf('</soap:Envelope>')) {
            text = text.slice(end + 16);
            calls++;
            if (drops.some(([c, n]) => c === connection && n === calls)) return void socket.resetAndDestroy();
            answered.push([connection, calls]);
            const body = envelope({ messageId: 'uuid:answer', to: 'anonymous' }, '<rsm:MinistryOrganizationList/>');
            socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/xml; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\nkeep-alive: timeout=60\r\n\r\n${body}`);
          }
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const endpoint = { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/ecms`, username: 'u', password: 'p' };
      return {
        endpoint, answered, close: () => new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        }),
      };
    };
    const call = (endpoint: { url: string; username: string; password: string }) => callExchange(endpoint, '<rsm:GetMinistryOrganizationList/>', { timeoutMs: 5000 });

    const kept = await nodeDropping([[1, 2]]);
    await call(kept.endpoint);
    await call(kept.endpoint);
    await call(kept.endpoint);
    // The second call went out on the kept connection, was dropped unread, and went again on a new one (which the third used).
    expect(kept.answered).toEqual([[1, 1], [2, 1], [2, 2]]);
    await kept.close();

    const fresh = await nodeDropping([[1, 1]]);
    await expect(call(fresh.endpoint)).rejects.toMatchObject({ reason: 'exchange_unreachable' });
    expect(fresh.answered).toEqual([]);
    await fresh.close();
  });

  it('a wrong password, a node answering 500 and one that does not answer are each named; the letter is tried again and goes once the node is back', { timeout: 60_000 }, async () => {
    const sender = await connected('กรมต้นทางแลกเปลี่ยน');
    const receiver = await connected('กรมปลายทางแลกเปลี่ยน', { connect: false });
    await sender.admin.exchange.saveConnection({ nodeUrl: node.url, username: sender.org.username, password: 'wrong', ministryId: 'M01', departmentId: sender.org.id, enabled: true });
    expect(await sender.admin.exchange.testConnection()).toEqual({ ok: false, reason: 'exchange_auth_failed', detail: '' });
    await sender.connect();
    node.misbehave('http500', 1);
    expect(await sender.admin.exchange.testConnection()).toMatchObject({ ok: false, reason: 'exchange_server_error' });
    node.misbehave('hang', 1);
    expect(await sender.admin.exchange.testConnection()).toMatchObject({ ok: false, reason: 'exchange_timeout' });
    // A node that answers a byte at a time, never ending: the whole call is bounded, not only each silence.
    node.misbehave('dribble', 1);
    const started = Date.now();
    await expect(callExchange({ url: node.url, username: sender.org.username, password: sender.org.password }, '<rsm:GetMinistryOrganizationList/>', { timeoutMs: 1500 }))
      .rejects.toMatchObject({ reason: 'exchange_timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await errorKey(sender.admin.exchange.saveConnection({ nodeUrl: 'http://169.254.169.254/latest', username: 'x', ministryId: 'M01', departmentId: 'D1', enabled: true })))
      .toBe('exchange_host_not_allowed');

    // The node fails the letter's first try: the record says why, and the retry sends it.
    node.misbehave('http500', 1);
    const letterId = await signedLetter(sender, [receiver.recipient], { subject: 'หนังสือที่ส่งซ้ำเมื่อระบบกลางขัดข้อง' });
    await sender.registry.outgoing.send({ letterId });
    const { sendByExchange } = await import('@/server/exchange/send-letter');
    const first = await deliveryOf(sender.a, letterId);
    await sendByExchange({ tenantId: sender.a.tenantId, deliveryId: first.id }).catch(() => {});
    const after = await deliveryOf(sender.a, letterId);
    expect(after).toMatchObject({ state: 'queued', exchangeProcessId: null, attempts: 1 });
    expect(after.lastError).toMatch(/^exchange_server_error/);
    await runJobsUntil(async () => (await deliveryOf(sender.a, letterId)).exchangeProcessId);
    expect(node.queued(receiver.org.id)).toBe(1);
  });
});

describe('what the exchange brings in that cannot become a letter', () => {
  const party = (id: string, ministryId: string) => ({ givenName: 'สมชาย', familyName: 'ใจดี', jobTitle: 'อธิบดี', ministryId, departmentId: id, organizationName: 'กรมภายนอก' });
  const baseLetter = (over: Partial<ExchangeLetter> = {}): ExchangeLetter => ({
    id: 'กค 0402/ว 99', correspondenceDate: '2026-12-01', subject: 'หนังสือจากระบบอื่น', secretCode: '001', speedCode: '002',
    sender: party('C0301', 'M03'), receiver: party('B0201', 'M01'), references: [], attachmentText: '', sendDate: '2026-12-01T10:00:00+07:00', description: '',
    mainLetter: { fileName: 'หนังสือ.pdf', mimeCode: 'application/pdf', content: pdf }, attachments: [], ...over,
  });
  const key = generateAgencyCertificate({ nameTh: 'กรมภายนอกที่ใช้ระบบอื่น', nameEn: 'Outside', code: 'C' }).then((k) => ({
    certificatePem: k.certificatePem, privateKeyPem: privateKeyPem(k.privateKeyPkcs8),
  }));
  /** Sends as organisation C (a system outside the platform), raw. */
  async function fromC(document: string | Buffer, messageId?: string) {
    await callExchange({ url: node.url, username: 'c0301', password: 'pw-c' }, outboundLetterBody(document), { messageId });
  }

  it('each bad message leaves a rejection with its reason and an invalid-letter notice to its sender; nothing is duplicated', async () => {
    const receiver = await connected('กรมปลายทางแลกเปลี่ยน', { connect: false });
    const to = party(receiver.org.id, 'M01');
    const k = await key;
    const letter = (over: Partial<ExchangeLetter> = {}) => baseLetter({ receiver: to, ...over });
    const good = signedGovernmentDocument(letter(), { name: 'นายสมชาย ใจดี', position: 'อธิบดี' }, k).toString();
    await fromC(good.replace('หนังสือจากระบบอื่น', 'หนังสือที่ถูกแก้ระหว่างทาง'));
    await fromC(signedGovernmentDocument(letter({ secretCode: '003', subject: 'เรื่องลับมาก' }), { name: 'ก', position: 'ข' }, k));
    await fromC(signedGovernmentDocument(letter({
      subject: 'ไฟล์ที่ระบุประเภทไม่ตรง', mainLetter: { fileName: 'หนังสือ.pdf', mimeCode: 'image/png', content: pdf },
    }), { name: 'ก', position: 'ข' }, k));
    // The same message twice (one MessageID): one letter.
    await fromC(good, 'uuid:the-same-message');
    await fromC(good, 'uuid:the-same-message');
    await receiver.connect();
    await pullNow(receiver.a);
    const reasons = await runInTenant({ tenantId: receiver.a.tenantId, userId: null }, async (tx) => (await tx.select({ reason: intakeRejections.reason, subject: intakeRejections.subject })
      .from(intakeRejections).where(eq(intakeRejections.tenantId, receiver.a.tenantId))).map((r) => [r.reason, r.subject]));
    expect(reasons).toEqual(expect.arrayContaining([
      ['exchange_signature_invalid', ''], ['exchange_classified_received', ''], ['exchange_mime_mismatch', 'ไฟล์ที่ระบุประเภทไม่ตรง'],
    ]));
    expect(reasons).toHaveLength(3);
    const waiting = (await receiver.registry.registry.waiting()).filter((l) => l.subject === 'หนังสือจากระบบอื่น');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.fromText).toContain('กรมภายนอก');
    // Organisation C is told of each refusal, and of the receipt of the good one.
    await runJobsUntil(async () => node.queued('C0301') >= 4);
    expect(node.queued(receiver.org.id)).toBe(0);
  });

  it('a message with a 100 MB attachment is not taken whole: refused as too large by its beginning, its sender told, the queue moves on', { timeout: 120_000 }, async () => {
    const receiver = await connected('กรมปลายทางแลกเปลี่ยน', { connect: false });
    const big = Buffer.alloc(100 * 1024 * 1024, 0x41);
    big.write('%PDF-1.7\n', 0);
    const document = correspondenceLetterXml(baseLetter({
      subject: 'หนังสือที่แนบไฟล์ใหญ่', receiver: party(receiver.org.id, 'M01'), attachments: [{ fileName: 'ใหญ่.pdf', mimeCode: 'application/pdf', content: big }],
    }));
    await fromC(`<rsm:GovernmentDocument xmlns:rsm="urn:th:gov:egif:data:standard:GovernmentDocument:1.0">${document}</rsm:GovernmentDocument>`, 'uuid:the-big-one');
    const before = node.queued('C0301');
    await receiver.connect();
    await pullNow(receiver.a);
    expect(node.queued(receiver.org.id)).toBe(0);
    const [note] = await runInTenant({ tenantId: receiver.a.tenantId, userId: null }, (tx) => tx.select().from(intakeRejections).where(eq(intakeRejections.tenantId, receiver.a.tenantId)));
    expect(note).toMatchObject({ channel: 'exchange', reason: 'file_too_large', fromText: 'ECMS C0301' });
    await runJobsUntil(async () => node.queued('C0301') > before);
  });

  it('XML with a DTD (external entities, entity expansion) is refused by the parser before anything is read', async () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd">]>'
      + envelope({ messageId: 'uuid:bomb', to: node.url }, '<x>&b;&c;</x>');
    const answer = await fetch(node.url, { method: 'POST', body: bomb, headers: { authorization: `Basic ${Buffer.from('c0301:pw-c').toString('base64')}`, 'content-type': 'text/xml' } });
    expect(await answer.text()).toContain('exchange_xml_dtd');
  });
});
