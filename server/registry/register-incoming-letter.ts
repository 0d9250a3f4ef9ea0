import { z } from 'zod';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { auditRow } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/server/errors';
import { ensureRegister } from './ensure-register';

export const registerIncomingLetterInput = z.object({ letterId: z.uuid() });

type Outcome = {
  registerId: string | null; year: number | null; number: number | null; registeredAt: string | null;
  /** What this statement found before its claim: the letter (if visible) and its waiting entry. */
  visible: boolean; waitingUnit: string | null;
};

/**
 * ลงรับ: a waiting letter of the acting unit gets the next receive number of the unit's
 * register (its classified register for ลับ/ลับมาก), with the date and time from the
 * server clock.
 *
 * One statement claims the letter, takes the number, writes the register line and the
 * audit entry, queues the receipt stamp (and the acknowledgement to an e-mail sender), and COMMIT follows it without waiting: the register's counter row is
 * locked only from that statement to the commit, so concurrent registrations into one
 * register queue briefly; a rollback returns the number, so there is no gap and no
 * duplicate (numbers run 1 January – 31 December in Asia/Bangkok).
 */
export async function registerIncomingLetter(tx: TenantTx, viewer: Viewer, input: z.infer<typeof registerIncomingLetterInput>) {
  const tenantId = viewer.tenant.id;
  const unitId = viewer.actingUnitId;
  if (!unitId) throw new AppError('forbidden');
  const [normal, classified] = await Promise.all([
    ensureRegister(tx, tenantId, unitId, 'receive', false),
    ensureRegister(tx, tenantId, unitId, 'receive', true),
  ]);
  const a = auditRow(tenantId, { actor: actorOf(viewer), action: 'letter.registered', targetType: 'letter', targetId: input.letterId });
  const sql = tx.$client;
  const [row] = await tx.$commitWith(sql<Outcome[]>`
    with visible as (
      -- Row-level security decides: a classified letter exists here only for those cleared for it.
      select id, reply_to, channel, case when secrecy = 'normal' then ${normal.id}::uuid else ${classified.id}::uuid end as register_id
      from letters where tenant_id = ${tenantId} and id = ${input.letterId}),
    claimed as (
      delete from waiting_letters
      where tenant_id = ${tenantId} and letter_id = ${input.letterId} and unit_id = ${unitId} and exists (select 1 from visible)
      returning letter_id),
    issued as (
      insert into register_counters as c (tenant_id, register_id, year, last_number)
      select ${tenantId}, visible.register_id, extract(year from clock_timestamp() at time zone 'Asia/Bangkok')::int, 1
      from claimed join visible on visible.id = claimed.letter_id
      on conflict (tenant_id, register_id, year) do update set last_number = c.last_number + 1
      returning register_id, year, last_number, clock_timestamp() as at),
    line as (
      insert into register_entries (tenant_id, register_id, year, number, letter_id, registered_at, registered_by, registered_by_name)
      select ${tenantId}, register_id, year, last_number, ${input.letterId}, at, ${viewer.user.id}, ${viewer.user.fullNameTh}
      from issued),
    logged as (
      insert into audit_log (tenant_id, actor_kind, actor_id, actor_name, action, target_type, target_id, data, ip)
      select ${a.tenant_id}, ${a.actor_kind}, ${a.actor_id}, ${a.actor_name}, ${a.action}, ${a.target_type}, ${a.target_id},
             jsonb_build_object('registerId', register_id, 'year', year, 'number', last_number), ${a.ip}
      from issued),
    queued as (
      -- The receipt stamp is drawn in the background once this commits.
      select app_enqueue('letter.stamp-receipt', jsonb_build_object('letterId', ${input.letterId}::text), 'stamp:' || ${input.letterId}::text, null, 10)
      from issued),
    acknowledged as (
      -- A sender outside the platform (e-mail) is told the receive number and time.
      select app_enqueue('letter.acknowledge', jsonb_build_object('letterId', ${input.letterId}::text), 'ack:' || ${input.letterId}::text, null, 10)
      from issued cross join visible where visible.reply_to is not null),
    reported as (
      -- A sender on the platform sees "registered, number N, at …" on its delivery record.
      select app_enqueue('delivery.report-registration', jsonb_build_object('letterId', ${input.letterId}::text), 'report:' || ${input.letterId}::text, null, 10)
      from issued cross join visible where visible.channel = 'platform')
    -- Outputs come from the counter, not from RETURNING of the register line, so no
    -- read policy is evaluated while the counter is locked.
    select issued.register_id as "registerId", issued.year, issued.last_number as number, issued.at as "registeredAt",
           exists (select 1 from visible) as visible,
           (select unit_id from waiting_letters where tenant_id = ${tenantId} and letter_id = ${input.letterId}) as "waitingUnit",
           (select count(*) from queued) + (select count(*) from acknowledged) + (select count(*) from reported) as queued
    from (select 1) as one
    left join issued on true`);
  if (!row?.registerId) throw whyNotRegistrable(row);
  const register = row.registerId === normal.id ? normal : classified;
  return { registerId: row.registerId, registerName: register.nameTh, year: row.year!, number: row.number!, registeredAt: new Date(row.registeredAt!) };
}

/** Nothing was claimed and nothing changed; why. Row-level security hides a classified letter too: NOT_FOUND. */
function whyNotRegistrable(row: Outcome | undefined) {
  if (!row?.visible) return new AppError('not_found');
  if (!row.waitingUnit) return new AppError('already_registered');
  return new AppError('not_in_your_unit');
}
