import { and, asc, eq, inArray, sql as q } from 'drizzle-orm';
import { z } from 'zod';
import { letters, waitingLetters } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { auditRow } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { ensureRegister } from './ensure-register';
import type { TaskName } from '@/core/tasks';

export const registerIncomingLetterInput = z.object({ letterId: z.uuid() });
/** At most one page of the waiting list at once. */
export const MAX_REGISTERED_AT_ONCE = 100;
export const registerIncomingLettersInput = z.object({ letterIds: z.array(z.uuid()).min(1).max(MAX_REGISTERED_AT_ONCE) });

type Outcome = { registerId: string | null; year: number | null; number: number | null; registeredAt: string | null };

/**
 * ลงรับ: a waiting letter of the acting unit gets the next receive number of the unit's
 * register (its classified register for ลับ/ลับมาก), with the date and time from the
 * server clock.
 *
 * One statement claims the letter, queues its background work, takes the number, writes
 * the register line and the audit entry, and COMMIT follows it without waiting: the
 * register's counter row is locked only from that statement to the commit, so concurrent
 * registrations into one register queue briefly; a rollback returns the number, so there
 * is no gap and no duplicate (numbers run 1 January – 31 December in Asia/Bangkok).
 */
export async function registerIncomingLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof registerIncomingLetterInput>) {
  const registers = await unitRegisters(tx, viewer);
  return registerOne(tx, viewer, registers, input.letterId, true);
}

/**
 * ลงรับ of several waiting letters at once, all or nothing, in the order of the waiting list
 * (most urgent first, then oldest): one transaction takes consecutive numbers for them, the
 * register's counter held from the first to the commit, so no colleague's registration falls
 * between them and a refusal of any one (a colleague registered it meanwhile) leaves every
 * number untaken. The officer sees why and presses again on the list as it now is.
 */
export async function registerIncomingLetters(tx: TenantTx, viewer: Viewer, input: z.infer<typeof registerIncomingLettersInput>) {
  const registers = await unitRegisters(tx, viewer);
  const ids = [...new Set(input.letterIds)];
  // The waiting list's order, whatever order the ids came in; one not waiting here is refused by its statement.
  const ordered = await tx.select({ id: waitingLetters.letterId }).from(waitingLetters)
    .innerJoin(letters, and(eq(letters.tenantId, waitingLetters.tenantId), eq(letters.id, waitingLetters.letterId)))
    .where(and(eq(waitingLetters.tenantId, viewer.tenant.id), eq(waitingLetters.unitId, registers.unitId), inArray(waitingLetters.letterId, ids)))
    .orderBy(urgencyOrder, asc(waitingLetters.since));
  const sequence = [...ordered.map((o) => o.id), ...ids.filter((id) => !ordered.some((o) => o.id === id))];
  const results = [];
  for (const [i, letterId] of sequence.entries()) {
    try {
      results.push({ letterId, ...await registerOne(tx, viewer, registers, letterId, i === sequence.length - 1) });
    } catch (error) {
      if (error instanceof AppError) throw new AppError(error.key, undefined, { letter: letterId });
      throw error;
    }
  }
  return results;
}

async function unitRegisters(tx: TenantTx, viewer: Viewer) {
  const unitId = viewer.actingUnitId;
  if (!unitId) throw new AppError('forbidden');
  const [normal, classified] = await Promise.all([
    ensureRegister(tx, viewer.tenant.id, unitId, 'receive', false),
    ensureRegister(tx, viewer.tenant.id, unitId, 'receive', true),
  ]);
  return { unitId, normal, classified };
}

async function registerOne(tx: TenantTx, viewer: Viewer, { unitId, normal, classified }: Awaited<ReturnType<typeof unitRegisters>>, letterId: string, last: boolean) {
  const tenantId = viewer.tenant.id;
  const input = { letterId };
  const a = auditRow(tenantId, { actor: actorOf(viewer), action: 'letter.registered', targetType: 'letter', targetId: input.letterId });
  const sql = tx.$client;
  // The statement (REGISTRATION below), step by step. Its text is one constant without
  // comments and sends each value once (PostgreSQL copies the text at every execution; a
  // tagged template would rebuild it at every call and send a value once per use):
  // - visible: the letter as row-level security shows it (a classified letter exists here
  //   only for those cleared for it); letter rows are never deleted, so it is not locked;
  // - claimed: it leaves the acting unit's waiting list (the row lock of this delete is
  //   what makes two concurrent registrations of one letter one registration and one refusal);
  // - queued: its background work (receipt stamp; receipt to an e-mail sender or to the
  //   sending agency) goes into the outbox by a plain insert (RLS checks the tenant, the
  //   payload and the key); the main query reads this first (the outer side of its join),
  //   so it is done before the counter is taken;
  // - issued: the register's counter for the year (Asia/Bangkok) gives the number;
  // - line and logged: the register line and the audit entry.
  // Outputs come from the counter, not from RETURNING of the register line, so no read
  // policy is evaluated while the counter is locked. Nothing claimed: refused with the
  // reason app_refuse_registration() finds, and the transaction rolls back.
  const statement = sql.unsafe<Outcome[]>(REGISTRATION, [
    tenantId, input.letterId, unitId, normal.id, classified.id, viewer.user.id, viewer.user.fullNameTh,
    a.actor_kind, a.actor_id, a.actor_name, a.action, a.target_type, a.ip,
  ], { prepare: true });
  // The last (or only) registration of the transaction is sent with its COMMIT right behind it.
  const registration = last ? tx.$commitWith(statement) : statement;
  let row: Outcome | undefined;
  try {
    [row] = await registration;
  } catch (error) {
    throw refusal(error) ?? error;
  }
  const register = row!.registerId === normal.id ? normal : classified;
  return { registerId: row!.registerId!, registerName: register.nameTh, year: row!.year!, number: row!.number!, registeredAt: new Date(row!.registeredAt!) };
}

/** Most urgent first (the waiting list's order). */
export const urgencyOrder = q`case ${letters.urgency} when 'most_urgent' then 0 when 'very_urgent' then 1 when 'urgent' then 2 else 3 end`;

const refusals = ['not_found', 'already_registered', 'not_in_your_unit'] as const;

/** The statement's refusal as the error people see (RLS hides a classified letter too: NOT_FOUND). */
function refusal(error: unknown) {
  const message = (error as { message?: string }).message ?? '';
  const key = refusals.find((k) => message === `refused:${k}`);
  return key ? new AppError(key) : null;
}

/**
 * The registration statement (see registerIncomingLetter), one constant text with numbered
 * parameters: $1 agency, $2 letter, $3 acting unit, $4 and $5 its normal and classified
 * receive registers, $6 and $7 the registering person's id and name, $8–$13 the audit
 * entry's actor kind, id and name, action, target type and IP address.
 */
/** A task name, checked against the closed list of tasks where the statement text is written. */
const task = (name: TaskName) => name;

const REGISTRATION = `
with visible as (
  select id, case when secrecy = 'normal' then $4::uuid else $5::uuid end as register_id, channel, reply_to, sealed_details is null as plain
  from letters where tenant_id = $1::uuid and id = $2::uuid),
claimed as (
  delete from waiting_letters w using visible
  where w.tenant_id = $1 and w.letter_id = visible.id and w.unit_id = $3::uuid
  returning visible.id, visible.register_id, visible.channel, visible.reply_to, visible.plain),
queued as (
  insert into outbox.jobs (tenant_id, task, payload, job_key, max_attempts)
  select $1, job.task, jsonb_build_object('letterId', claimed.id::text, 'tenantId', $1::text), $1::text || ':' || job.prefix || claimed.id::text, 10
  from claimed
  cross join lateral (values
    ('${task('letter.stamp-receipt')}', 'stamp:', claimed.plain),
    ('${task('letter.acknowledge')}', 'ack:', claimed.reply_to is not null),
    ('${task('delivery.report-registration')}', 'report:', claimed.channel = 'platform'),
    ('${task('exchange.accept')}', 'exchange-accept:', claimed.channel = 'exchange')) as job(task, prefix, wanted)
  where job.wanted
  returning 1),
issued as (
  insert into register_counters as c (tenant_id, register_id, year, last_number)
  select $1, register_id, extract(year from clock_timestamp() at time zone 'Asia/Bangkok')::int, 1
  from claimed
  on conflict (tenant_id, register_id, year) do update set last_number = c.last_number + 1
  returning register_id, year, last_number, clock_timestamp() as at),
line as (
  insert into register_entries (tenant_id, register_id, year, number, letter_id, registered_at, registered_by, registered_by_name)
  select $1, register_id, year, last_number, $2, at, $6::uuid, $7::text
  from issued),
logged as (
  insert into audit_log (tenant_id, actor_kind, actor_id, actor_name, action, target_type, target_id, data, ip)
  select $1, $8::text, $9::uuid, $10::text, $11::text, $12::text, $2,
         jsonb_build_object('registerId', register_id, 'year', year, 'number', last_number), $13::text
  from issued)
select issued.register_id as "registerId", issued.year, issued.last_number as number, issued.at as "registeredAt",
       case when issued.register_id is null then app_refuse_registration($2) end as refused
from (select count(*) from queued) as jobs
left join issued on true`;
