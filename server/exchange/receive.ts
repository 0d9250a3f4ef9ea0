import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { deliveries, exchangeArrivals, exchangeConnections, exchangeInbound, intakeRejections, notifications, outgoingLetters } from '@/db/schema';
import { runInTenant, type TenantTx } from '@/db/scope';
import { env } from '@/core/env';
import { AppError, type ErrorKey } from '@/core/errors';
import { systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { admitLetter } from '@/server/intake/admit-letter';
import { markFailed } from '@/server/delivery/deliver';
import { enqueue } from '@/server/queue/enqueue';
import { todayInBangkok } from '@/server/shared/letter-date';
import { sideBySide } from '@/server/shared/side-by-side';
import { stableUuid } from '@/server/shared/stable-uuid';
import { writeObject } from '@/server/storage/s3';
import { assertReadable } from '@/server/storage/inspect-file';
import { checkFile, MAX_FILES_PER_LETTER, removeStored } from '@/server/storage/store-upload';
import { rootUnit } from '@/server/units/find-unit';
import { connectionOf, endpointOf, type ExchangeConnection } from './connection';
import {
  childText, deleteRequest, ExchangeMessageError, find, findNotice, inboundRequest, readEnvelope, secrecyOfCode, urgencyOfCode, type ExchangeFile, type ExchangeLetter, type ExchangeNotice,
} from './gov-document';
import { callExchange, ExchangeCallError } from './soap-client';
import type { Element } from '@xmldom/xmldom';
import { readSignedLetter, SignatureInvalid } from './xml-signature';

const EXCHANGE_ACTOR = systemActor('ระบบแลกเปลี่ยนหนังสือภาครัฐ');

/** The largest message taken from the node: its files travel base64-encoded (a third larger), with the XML around them. */
export const maxExchangeMessageBytes = () => Math.ceil(env().MAX_UPLOAD_MB * 1024 * 1024 * 1.4) + 1024 * 1024;

/** Tries at taking a kept item (with backoff, about 16 hours in all) before it waits for the admin to try it again. */
export const TAKE_ATTEMPTS = 12;

/**
 * Kept items taken side by side in a process, whatever agency's pull kept them (each holds one
 * pooled connection at a time, beside the worker's jobs), and the message text they may hold in
 * memory together (one larger item is taken alone).
 */
let inProcess: ReturnType<typeof sideBySide> | undefined;
const takes = () => (inProcess ??= sideBySide(env().EXCHANGE_TAKES_AT_ONCE, 64 * 1024 * 1024));
/** Kept items due again that one pull tries before it pulls: the rest wait for the next. */
const DUE_PER_PULL = 50;
/**
 * When an item about to be taken is due, should its taker stop first (a pull or the admin's
 * job): a minute on, so a later pull takes it then.
 */
export const dueShouldTakerStop = () => new Date(Date.now() + 60_000);

/**
 * When a kept item failing once more is tried again: as the job runner's backoff, e^tries seconds
 * (at most e^10, about 6 hours; 12 tries take about 16 hours), then never (null) until the admin says.
 */
const nextTryAfterFailure = sql`case when ${exchangeArrivals.attempts} + 1 >= ${TAKE_ATTEMPTS} then null
  else now() + make_interval(secs => exp(least(${exchangeArrivals.attempts} + 1, 10)::float8)) end`;

/** What a letter from the exchange is known by: the sending organisation and its MessageID. */
const externalRefOf = (senderId: string, messageId: string) => `exchange:${senderId}:${messageId}`.slice(0, 500);

/**
 * Background job: takes the agency's queue at the exchange node, one item at a time. Each
 * item is kept here first (committed), and only then deleted from the node's queue; a pull
 * stopped between the two finds the item again and, knowing its process id, only deletes it.
 * The same process takes each kept item from the message it holds (no second read or
 * parse), several side by side while it deletes and pulls the next, so the queue moves at the
 * pace of keeping and deleting. A kept item whose take failed, or whose pull stopped before taking
 * it, is due again (`next_try_at`) and taken by a later pull, first thing. Whatever happens,
 * every take is awaited and the next pull is queued.
 */
export async function pullExchange({ tenantId }: { tenantId: string }) {
  const scope = { tenantId, userId: null, system: true };
  const connection = await runInTenant(scope, (tx) => connectionOf(tx, tenantId));
  if (!connection?.enabled) return;
  const endpoint = endpointOf(connection);
  const started: Array<Promise<void>> = [];
  let error: string | null = null;
  // The last take's failure is noted on the connection (for the admin) unless the pull failed itself.
  let takeFailure: string | null = null;
  const take = async (arrival: Parameters<typeof takeKept>[2]) => {
    takeFailure = (await takeKept(tenantId, connection, arrival)) ?? takeFailure;
  };
  try {
    for (const { id, size } of await dueArrivals(tenantId)) {
      started.push((await takes().start(size, async () => {
        const message = await keptMessage(tenantId, id);
        if (message !== undefined) await take({ id, message });
      })).done);
    }
    for (let i = 0; i < 200; i++) {
      const answer = await callExchange(endpoint, inboundRequest(), { maxBytes: maxExchangeMessageBytes(), timeoutMs: 120_000, action: 'CorrespondenceLetterInbound' });
      let processId: string;
      if (answer.oversized) {
        // Too large to take: its beginning names it, and its sender is told why.
        processId = /ProcessID>\s*([^<\s]+)\s*</.exec(answer.head)?.[1] ?? '';
        if (!processId) throw new ExchangeCallError('exchange_response_too_large');
        await refuseMessage(tenantId, null, {
          messageId: /MessageID>\s*([^<\s]+)\s*</.exec(answer.head.slice(answer.head.indexOf('ProcessID')))?.[1] ?? processId,
          senderId: /SenderID>\s*([^<\s]+)\s*</.exec(answer.head)?.[1] ?? '', senderMinistryId: '', letterNumber: '', subject: '', reason: 'file_too_large',
        });
      } else {
        processId = childText(answer.content, 'ProcessID');
        if (!processId) break;
        const id = await keepArrival(tenantId, { processId, senderId: childText(answer.content, 'SenderID'), messageId: childText(answer.content, 'MessageID') }, answer.xml);
        const { xml: message, content } = answer;
        if (id) started.push((await takes().start(message.length, () => take({ id, message, content }))).done);
      }
      await callExchange(endpoint, deleteRequest(processId), { timeoutMs: 30_000, action: 'CorrespondenceLetterDelete' });
    }
  } catch (e) {
    error = e instanceof ExchangeCallError ? e.reason : String((e as Error).message ?? e).slice(0, 200);
  } finally {
    await Promise.all(started);
  }
  await runInTenant(scope, async (tx) => {
    await tx.update(exchangeConnections).set({ lastPullAt: new Date(), lastError: error ?? takeFailure }).where(eq(exchangeConnections.tenantId, tenantId));
    await enqueue(tx, 'exchange.pull', {}, { jobKey: `exchange-pull:${tenantId}`, runAt: new Date(Date.now() + env().EXCHANGE_PULL_SECONDS * 1000) });
  });
}

/** Kept items due to be tried again (by the index of their next try), oldest due first, with their size; never the message itself. */
async function dueArrivals(tenantId: string) {
  return runInTenant({ tenantId, userId: null, system: true }, (tx) => tx.select({ id: exchangeArrivals.id, size: sql<number>`octet_length(${exchangeArrivals.message})` })
    .from(exchangeArrivals)
    .where(and(eq(exchangeArrivals.tenantId, tenantId), isNotNull(exchangeArrivals.nextTryAt), lte(exchangeArrivals.nextTryAt, new Date())))
    .orderBy(asc(exchangeArrivals.nextTryAt)).limit(DUE_PER_PULL));
}

/**
 * An item taken from the node, kept here, once per process id (an item offered again is
 * already kept: null). It is due for a try by a later pull should this one stop first.
 */
async function keepArrival(tenantId: string, item: { processId: string; senderId: string; messageId: string }, message: string) {
  return runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const [kept] = await tx.insert(exchangeArrivals).values({
      tenantId, id: randomUUID(), processId: item.processId.slice(0, 300), senderId: item.senderId.slice(0, 300) || null, messageId: item.messageId.slice(0, 300) || null, message,
      nextTryAt: dueShouldTakerStop(),
    }).onConflictDoNothing().returning({ id: exchangeArrivals.id });
    return kept?.id ?? null;
  });
}

/** The admin's "try again": a job that tries the kept item once, now (the pulls try it on after that, with backoff). */
export const enqueueTake = (tx: TenantTx, arrivalId: string, jobKey: string) => enqueue(tx, 'exchange.take', { arrivalId }, { jobKey, maxAttempts: 1 });

/** Background job (the admin's "try again"): the kept item, read back, is taken now. */
export async function takeArrival({ tenantId, arrivalId }: { tenantId: string; arrivalId: string }) {
  const connection = await runInTenant({ tenantId, userId: null, system: true }, (tx) => connectionOf(tx, tenantId));
  const message = connection ? await keptMessage(tenantId, arrivalId) : undefined;
  if (connection && message !== undefined) await takeKept(tenantId, connection, { id: arrivalId, message });
}

/** A kept item's message, read back (undefined once it is taken). */
async function keptMessage(tenantId: string, arrivalId: string) {
  return runInTenant({ tenantId, userId: null, system: true }, async (tx) => (await tx.select({ message: exchangeArrivals.message }).from(exchangeArrivals)
    .where(and(eq(exchangeArrivals.tenantId, tenantId), eq(exchangeArrivals.id, arrivalId))))[0]?.message);
}

/**
 * A kept item becomes a letter (through the same admission as every channel), a notice on
 * the delivery record it names, or a refusal told to its sender; it is removed in the
 * transaction that records what it became. A failure (the object store or the database
 * away) leaves it kept, counted and noted on the item and the connection, and due again
 * after a backoff: the reason is returned then, null once taken.
 */
async function takeKept(tenantId: string, connection: ExchangeConnection, arrival: { id: string; message: string; content?: Element }): Promise<string | null> {
  const scope = { tenantId, userId: null, system: true };
  let removed = false;
  try {
    const content = arrival.content ?? readEnvelope(arrival.message).content;
    if (content) removed = await takeItem(tenantId, connection, content, arrival.message, arrival.id);
  } catch (error) {
    // Kept, counted and noted (with the reason the admin reads), then due again after its backoff.
    const reason = (error instanceof AppError ? error.key : `exchange_take_failed: ${String((error as Error).message ?? error)}`).slice(0, 300);
    await runInTenant(scope, async (tx) => {
      await tx.update(exchangeArrivals).set({
        attempts: sql`${exchangeArrivals.attempts} + 1`, lastError: reason, triedAt: new Date(), nextTryAt: nextTryAfterFailure,
      }).where(and(eq(exchangeArrivals.tenantId, tenantId), eq(exchangeArrivals.id, arrival.id)));
      await tx.update(exchangeConnections).set({ lastError: reason }).where(eq(exchangeConnections.tenantId, tenantId));
    });
    return reason;
  }
  if (!removed) await runInTenant(scope, (tx) => removeArrival(tx, tenantId, arrival.id));
  return null;
}

/** The kept item is done with: removed in the transaction that records what it became. */
async function removeArrival(tx: TenantTx, tenantId: string, arrivalId: string | null) {
  if (arrivalId) await tx.delete(exchangeArrivals).where(and(eq(exchangeArrivals.tenantId, tenantId), eq(exchangeArrivals.id, arrivalId)));
}

type Refusal = { messageId: string; senderId: string; senderMinistryId: string; letterNumber: string; subject: string; reason: ErrorKey };

/**
 * A message that cannot become a letter: a note for the registry with the reason (no subject
 * when the message is marked classified), and an InvalidLetterNotifier to its sender saying
 * why, once per message.
 */
async function refuseMessage(tenantId: string, arrivalId: string | null, r: Refusal) {
  await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    await removeArrival(tx, tenantId, arrivalId);
    const unitId = await rootUnit(tx, tenantId);
    const [row] = await tx.insert(intakeRejections).values({
      tenantId, id: randomUUID(), unitId, channel: 'exchange', fromText: r.senderId ? `ECMS ${r.senderId}` : 'ECMS', subject: r.subject.slice(0, 500), reason: r.reason,
      externalRef: externalRefOf(r.senderId, r.messageId), detail: { messageId: r.messageId, letterNumber: r.letterNumber },
    }).onConflictDoNothing().returning({ id: intakeRejections.id });
    if (!row) return;
    await recordAudit(tx, tenantId, { actor: EXCHANGE_ACTOR, action: 'letter.rejected', targetType: 'intake', targetId: row.id, data: { reason: r.reason, from: r.senderId, messageId: r.messageId } });
    if (r.senderId) {
      await enqueue(tx, 'exchange.notice', {
        kind: 'invalid', messageId: r.messageId, letterNumber: r.letterNumber, ministryId: r.senderMinistryId, departmentId: r.senderId, description: refusalText(r.reason),
      }, { jobKey: `exchange-invalid:${r.senderId}:${r.messageId}`.slice(0, 500), maxAttempts: 8 });
    }
  });
  return true;
}

/** The reason as the sender's system is told it (Thai, as the network's systems show it). */
function refusalText(reason: ErrorKey) {
  const texts: Partial<Record<ErrorKey, string>> = {
    exchange_xml_malformed: 'ข้อความไม่ใช่ XML ที่ถูกต้อง', exchange_xml_dtd: 'ข้อความมีการประกาศ DTD หรือ entity',
    exchange_message_incomplete: 'ข้อความไม่ครบตามมาตรฐาน', exchange_base64_invalid: 'ไฟล์เข้ารหัส base64 ไม่ถูกต้อง',
    exchange_signature_invalid: 'ลายมือชื่อดิจิทัลตรวจสอบไม่ผ่าน', exchange_mime_mismatch: 'ประเภทไฟล์ที่ระบุไม่ตรงกับเนื้อไฟล์',
    exchange_wrong_receiver: 'ผู้รับไม่ใช่หน่วยงานนี้', file_too_large: 'ข้อความหรือไฟล์ใหญ่เกินกำหนด',
    exchange_classified_received: 'หนังสือชั้นความลับรับทางระบบนี้ไม่ได้ กรุณาส่งเป็นเอกสารลับตามระเบียบ',
    too_many_files: 'จำนวนไฟล์เกินกำหนด', file_type_unsupported: 'ประเภทไฟล์ไม่รองรับ (รับ PDF, JPEG, PNG, TIFF)',
  };
  return texts[reason] ?? 'หนังสือไม่ถูกต้อง';
}

/**
 * What a kept item becomes; true when the transaction recording it also removed the kept item.
 * A message taken twice (sent twice, or offered again after its delete was lost) is one letter
 * (its id derives from the sender and MessageID) and one refusal (keyed the same way).
 */
async function takeItem(tenantId: string, connection: ExchangeConnection, content: Element, xml: string, arrivalId: string): Promise<boolean> {
  const messageId = childText(content, 'MessageID');
  const senderId = childText(content, 'SenderID');
  const document = find(content, 'GovernmentDocument') ?? find(content, 'CorrespondenceLetter');
  if (!document) {
    const notice = findNotice(content);
    if (notice) {
      await applyNotice(tenantId, notice);
      return false;
    }
    return refuseMessage(tenantId, arrivalId, { messageId, senderId, senderMinistryId: '', letterNumber: '', subject: '', reason: 'exchange_message_incomplete' });
  }
  let read;
  try {
    read = readSignedLetter(xml, content.ownerDocument as import('@xmldom/xmldom').Document);
  } catch (error) {
    if (error instanceof ExchangeMessageError || error instanceof SignatureInvalid) {
      return refuseMessage(tenantId, arrivalId, { messageId, senderId, senderMinistryId: '', letterNumber: '', subject: '', reason: error.reason });
    }
    throw error;
  }
  const l = read.letter;
  const refusal = (reason: ErrorKey) => refuseMessage(tenantId, arrivalId, {
    messageId, senderId: senderId || l.sender.departmentId, senderMinistryId: l.sender.ministryId, letterNumber: l.id,
    subject: secrecyOfCode(l.secretCode) === 'normal' ? l.subject : '', reason,
  });
  if (l.receiver.departmentId !== connection.departmentId) return refusal('exchange_wrong_receiver');
  if (secrecyOfCode(l.secretCode) !== 'normal') return refusal('exchange_classified_received');
  const files = [...(l.mainLetter ? [l.mainLetter] : []), ...l.attachments];
  const letterId = stableUuid(`exchange:${tenantId}:${externalRefOf(l.sender.departmentId, messageId)}`);
  const stored: Array<{ objectKey: string; size: number; sha256: string; fileName: string; contentType: string }> = [];
  try {
    if (files.length > MAX_FILES_PER_LETTER) throw new AppError('too_many_files');
    for (const [i, f] of files.entries()) stored.push({ ...(await storeFile(tenantId, letterId, i, f)), fileName: f.fileName, contentType: f.mimeCode });
  } catch (error) {
    await removeStored(stored.map((f) => f.objectKey));
    if (error instanceof AppError) return refusal(error.key);
    throw error;
  }
  const admitted = await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    await removeArrival(tx, tenantId, arrivalId);
    const added = await admitLetter(tx, tenantId, {
      letter: {
        id: letterId, unitId: await rootUnit(tx, tenantId), channel: 'exchange', documentNumber: l.id.slice(0, 300), letterDate: letterDateOf(l),
        fromText: fromTextOf(l), toText: [l.receiver.jobTitle, l.receiver.organizationName].filter(Boolean).join(' ').slice(0, 1000) || connection.departmentId,
        subject: l.subject.slice(0, 1000), urgency: urgencyOfCode(l.speedCode), secrecy: 'normal',
        remarks: [
          'รับทางระบบแลกเปลี่ยนหนังสือภาครัฐ (ECMS)',
          read.state === 'valid' ? `ลายมือชื่อดิจิทัลถูกต้อง: ${read.signerSubject}` : 'ไม่มีลายมือชื่อดิจิทัลในข้อความ',
          ...(l.attachmentText ? [`สิ่งที่ส่งมาด้วย: ${l.attachmentText}`] : []),
          ...(l.references.length > 0 ? [`อ้างถึง: ${l.references.join(', ')}`] : []),
        ].join('; ').slice(0, 2000),
        externalRef: externalRefOf(l.sender.departmentId, messageId),
      },
      files: stored, actor: EXCHANGE_ACTOR, audit: { messageId, sender: l.sender.departmentId }, onConflict: 'ignore',
    });
    if (!added) return false;
    await tx.insert(exchangeInbound).values({
      tenantId, letterId, messageId, letterNumber: l.id.slice(0, 300), senderMinistryId: l.sender.ministryId.slice(0, 50), senderDepartmentId: l.sender.departmentId.slice(0, 50),
      signerSubject: read.state === 'valid' ? read.signerSubject.slice(0, 300) : null,
    });
    await enqueue(tx, 'exchange.notice', {
      kind: 'receive', messageId, letterNumber: l.id, ministryId: l.sender.ministryId, departmentId: l.sender.departmentId, description: '',
    }, { jobKey: `exchange-receive:${letterId}`, maxAttempts: 8 });
    return true;
  });
  if (!admitted) await removeStored(stored.map((f) => f.objectKey));
  return true;
}

/** A file of a message: bounded, its type from its content and the same as declared, readable; then stored. */
async function storeFile(tenantId: string, letterId: string, index: number, f: ExchangeFile) {
  if (f.content.length > env().MAX_UPLOAD_MB * 1024 * 1024) throw new AppError('file_too_large');
  const detected = checkFile({ fileName: f.fileName, size: f.content.length, head: f.content.subarray(0, 8192), tail: f.content.subarray(-8192) });
  if (f.mimeCode && f.mimeCode !== detected) throw new AppError('exchange_mime_mismatch');
  await assertReadable(f.content, detected);
  // A key of its own per try: a second try of the same message that loses the race to admit it removes only its own copies.
  return writeObject(`tenants/${tenantId}/letters/${letterId}/${index}-${randomUUID()}`, f.content, detected);
}

/** The letter's own date (yyyy-MM-dd, Christian era, as the standard writes it); today when missing or unreadable. */
function letterDateOf(l: ExchangeLetter) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(l.correspondenceDate);
  if (!m) return todayInBangkok(new Date());
  const year = Number(m[1]) > 2400 ? Number(m[1]) - 543 : Number(m[1]);
  return `${year}-${m[2]}-${m[3]}`;
}

function fromTextOf(l: ExchangeLetter) {
  const person = [l.sender.givenName, l.sender.familyName].filter(Boolean).join(' ');
  return ([l.sender.organizationName || `ECMS ${l.sender.departmentId}`, person && `(${[person, l.sender.jobTitle].filter(Boolean).join(' ')})`].filter(Boolean).join(' ')).slice(0, 1000);
}

/**
 * A notice from the receiver onto the delivery record of the letter it names (by its
 * MessageID and the organisation it went to): received → delivered; accepted → registered
 * with the receiver's number; rejected → returned with the reason; invalid → failed. A
 * notice for a record already past that step changes nothing.
 */
export async function applyNotice(tenantId: string, notice: ExchangeNotice) {
  const failed = await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const [delivery] = await tx.select().from(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.exchangeMessageId, notice.letterMessageId),
      eq(deliveries.channel, 'exchange')));
    if (!delivery || (notice.sender.departmentId && delivery.exchangeOrgId !== notice.sender.departmentId)) return false;
    await recordAudit(tx, tenantId, { actor: EXCHANGE_ACTOR, action: 'exchange.notice_received', targetType: 'delivery', targetId: delivery.id, data: { kind: notice.kind, acceptId: notice.acceptId, description: notice.description.slice(0, 500) } });
    const where = (states: Array<typeof deliveries.$inferSelect.state>) => and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, delivery.id), inArray(deliveries.state, states));
    const now = new Date();
    if (notice.kind === 'receive') {
      await tx.update(deliveries).set({ state: 'delivered', deliveredAt: now }).where(where(['queued']));
    } else if (notice.kind === 'accept') {
      const number = /^\d{1,9}$/.test(notice.acceptId) ? Number(notice.acceptId) : null;
      const at = Number.isNaN(Date.parse(notice.acceptDate)) ? now : new Date(notice.acceptDate);
      const changed = await tx.update(deliveries).set({
        state: 'registered', deliveredAt: delivery.deliveredAt ?? at, registeredAt: at, receiveNumber: number, acceptId: notice.acceptId.slice(0, 300),
        receiveRegister: number === null ? `${notice.acceptId} ${delivery.recipientName}`.slice(0, 500) : delivery.recipientName,
      }).where(where(['queued', 'delivered'])).returning({ id: deliveries.id });
      if (changed.length > 0) await recordAudit(tx, tenantId, { actor: EXCHANGE_ACTOR, action: 'delivery.registered', targetType: 'delivery', targetId: delivery.id, data: { acceptId: notice.acceptId } });
    } else if (notice.kind === 'reject') {
      const changed = await tx.update(deliveries).set({ state: 'returned', returnedAt: now, returnedReason: notice.description.slice(0, 1000) || 'ผู้รับปฏิเสธการรับ' })
        .where(where(['queued', 'delivered'])).returning({ id: deliveries.id });
      if (changed.length > 0) {
        await recordAudit(tx, tenantId, { actor: EXCHANGE_ACTOR, action: 'delivery.returned', targetType: 'delivery', targetId: delivery.id, data: { reason: notice.description.slice(0, 500) } });
        await tellSender(tx, tenantId, delivery, 'delivery_returned');
      }
    } else if (notice.kind === 'invalid') {
      await tx.update(deliveries).set({ lastError: `exchange_invalid: ${notice.description}`.slice(0, 500) }).where(where(['queued', 'delivered']));
      return true;
    }
    return false;
  });
  if (failed) await markFailed(tenantId, (await deliveryIdOf(tenantId, notice.letterMessageId))!, 'exchange_invalid');
}

async function deliveryIdOf(tenantId: string, messageId: string) {
  return runInTenant({ tenantId, userId: null, system: true }, async (tx) => (await tx.select({ id: deliveries.id }).from(deliveries)
    .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.exchangeMessageId, messageId))))[0]?.id);
}

async function tellSender(tx: Parameters<Parameters<typeof runInTenant>[1]>[0], tenantId: string, delivery: typeof deliveries.$inferSelect, kind: 'delivery_returned') {
  if (!delivery.outgoingLetterId) return;
  const [sender] = await tx.select({ sentBy: outgoingLetters.sentBy, subject: outgoingLetters.subject }).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, delivery.outgoingLetterId), isNull(outgoingLetters.supersededBy)));
  if (sender?.sentBy) {
    await tx.insert(notifications).values({ tenantId, id: randomUUID(), userId: sender.sentBy, kind, letterId: delivery.outgoingLetterId, title: `${delivery.recipientName}: ${sender.subject}` });
  }
}
