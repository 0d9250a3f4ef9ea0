import { and, eq, isNull } from 'drizzle-orm';
import { exchangeInbound, letters, registerEntries } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import type { TaskPayloads } from '@/core/tasks';
import { systemActor } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { connectionOf, endpointOf } from './connection';
import { noticeRequest, type ExchangeNotice } from './gov-document';
import { callExchange, ExchangeCallError } from './soap-client';

const EXCHANGE_ACTOR = systemActor('ระบบแลกเปลี่ยนหนังสือภาครัฐ');

/**
 * Background job: a notice to the sender of a letter that came through the exchange. Its
 * MessageID is fixed by the letter and kind, so a retry after a lost answer is the same notice.
 * A node that refuses it for good (an unknown organisation) is recorded and not tried again.
 */
async function send(tenantId: string, notice: Omit<ExchangeNotice, 'receiver' | 'sender'> & { to: { ministryId: string; departmentId: string } }, targetId: string | null) {
  const scope = { tenantId, userId: null, system: true };
  const connection = await runInTenant(scope, (tx) => connectionOf(tx, tenantId));
  if (!connection) return;
  const full: ExchangeNotice = { ...notice, sender: { ministryId: connection.ministryId, departmentId: connection.departmentId }, receiver: notice.to };
  try {
    await callExchange(endpointOf(connection), noticeRequest(full), { timeoutMs: 30_000, action: full.kind, messageId: `${notice.letterMessageId}#${notice.kind}`.slice(0, 300) });
  } catch (error) {
    if (!(error instanceof ExchangeCallError) || error.reason !== 'exchange_refused') throw error;
  }
  await runInTenant(scope, (tx) => recordAudit(tx, tenantId, {
    actor: EXCHANGE_ACTOR, action: 'exchange.notice_sent', targetType: targetId ? 'letter' : 'intake', targetId,
    data: { kind: notice.kind, to: notice.to.departmentId, messageId: notice.letterMessageId },
  }));
}

export async function sendExchangeNotice(p: TaskPayloads['exchange.notice'] & { tenantId: string }) {
  await send(p.tenantId, {
    kind: p.kind, letterMessageId: p.messageId, letterId: p.letterNumber, acceptId: '', acceptDate: '', description: p.description,
    to: { ministryId: p.ministryId, departmentId: p.departmentId },
  }, null);
}

async function inboundOf(tenantId: string, letterId: string) {
  return runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
    const [row] = await tx.select({
      messageId: exchangeInbound.messageId, letterNumber: exchangeInbound.letterNumber, ministryId: exchangeInbound.senderMinistryId,
      departmentId: exchangeInbound.senderDepartmentId, returnedReason: letters.returnedReason, number: registerEntries.number, registeredAt: registerEntries.registeredAt,
    }).from(exchangeInbound)
      .innerJoin(letters, and(eq(letters.tenantId, exchangeInbound.tenantId), eq(letters.id, exchangeInbound.letterId)))
      .leftJoin(registerEntries, and(eq(registerEntries.tenantId, letters.tenantId), eq(registerEntries.letterId, letters.id), isNull(registerEntries.cancelledAt)))
      .where(and(eq(exchangeInbound.tenantId, tenantId), eq(exchangeInbound.letterId, letterId)));
    return row;
  });
}

/** After ลงรับ of a letter from the exchange: AcceptLetterNotifier with our receive number and time. */
export async function acceptExchangeLetter({ tenantId, letterId }: { tenantId: string; letterId: string }) {
  const row = await inboundOf(tenantId, letterId);
  if (!row || row.number === null || !row.registeredAt) return;
  await send(tenantId, {
    kind: 'accept', letterMessageId: row.messageId, letterId: row.letterNumber, acceptId: String(row.number), acceptDate: row.registeredAt.toISOString(), description: '',
    to: { ministryId: row.ministryId, departmentId: row.departmentId },
  }, letterId);
}

/** After ส่งคืน of a letter from the exchange: RejectLetterNotifier with the reason. */
export async function returnExchangeLetter({ tenantId, letterId }: { tenantId: string; letterId: string }) {
  const row = await inboundOf(tenantId, letterId);
  if (!row) return;
  await send(tenantId, {
    kind: 'reject', letterMessageId: row.messageId, letterId: row.letterNumber, acceptId: '', acceptDate: '', description: row.returnedReason ?? '',
    to: { ministryId: row.ministryId, departmentId: row.departmentId },
  }, letterId);
}
