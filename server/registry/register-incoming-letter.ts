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
  /** The letter as this statement found it (before the claim); null when it cannot be seen. */
  status: string | null; inUnit: boolean | null;
};

/**
 * ลงรับ: a waiting letter of the acting unit gets the next receive number of the unit's
 * register (its classified register for ลับ/ลับมาก), with the date and time from the
 * server clock.
 *
 * One statement claims the letter, takes the number, writes the register line and the
 * audit entry, and COMMIT follows it without waiting: the register's counter row is
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
    with claimed as (
      update letters set status = 'registered'
      where tenant_id = ${tenantId} and id = ${input.letterId} and status = 'waiting' and unit_id = ${unitId}
      returning id, case when secrecy = 'normal' then ${normal.id}::uuid else ${classified.id}::uuid end as register_id),
    issued as (
      insert into register_counters as c (tenant_id, register_id, year, last_number)
      select ${tenantId}, register_id, extract(year from clock_timestamp() at time zone 'Asia/Bangkok')::int, 1 from claimed
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
      from issued)
    -- Outputs come from the counter, not from RETURNING of the register line, so no
    -- read policy is evaluated while the counter is locked.
    select issued.register_id as "registerId", issued.year, issued.last_number as number, issued.at as "registeredAt",
           found.status, found.unit_id = ${unitId}::uuid as "inUnit"
    from (select 1) as one
    left join issued on true
    left join letters as found on found.tenant_id = ${tenantId} and found.id = ${input.letterId}`);
  if (!row?.registerId) throw whyNotRegistrable(row);
  const register = row.registerId === normal.id ? normal : classified;
  return { registerId: row.registerId, registerName: register.nameTh, year: row.year!, number: row.number!, registeredAt: new Date(row.registeredAt!) };
}

/** Nothing was claimed and nothing changed; why. Row-level security hides a classified letter too: NOT_FOUND. */
function whyNotRegistrable(row: Outcome | undefined) {
  if (!row?.status) return new AppError('not_found');
  if (row.status !== 'waiting') return new AppError('already_registered');
  return new AppError('not_in_your_unit');
}
