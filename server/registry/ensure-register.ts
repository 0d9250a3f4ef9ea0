import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { registers } from '@/db/schema';
import type { TenantTx } from '@/db/scope';

/** The unit's register of that kind, created the first time it is needed (classified letters get their own). */
export async function ensureRegister(tx: TenantTx, tenantId: string, unitId: string, kind: 'receive' | 'send', classified: boolean) {
  const nameTh = `${kind === 'receive' ? 'ทะเบียนหนังสือรับ' : 'ทะเบียนหนังสือส่ง'}${classified ? ' (ข้อมูลข่าวสารลับ)' : ''}`;
  await tx.insert(registers).values({ tenantId, id: randomUUID(), unitId, kind, classified, nameTh })
    .onConflictDoNothing({ target: [registers.tenantId, registers.unitId, registers.kind, registers.classified] });
  const [register] = await tx.select().from(registers).where(and(
    eq(registers.tenantId, tenantId), eq(registers.unitId, unitId), eq(registers.kind, kind), eq(registers.classified, classified),
  ));
  return register!;
}

/** Next number of a register for the current calendar year in Asia/Bangkok, and the moment it was issued. */
export async function issueNumber(tx: TenantTx, tenantId: string, registerId: string) {
  // The counter row stays locked until commit: concurrent registrations queue here, and a
  // rollback returns the number, so the sequence has no gap and no duplicate.
  const [row] = await tx.$client<{ year: number; number: number; issuedAt: string }[]>`
    insert into register_counters as c (tenant_id, register_id, year, last_number)
    values (${tenantId}, ${registerId}, extract(year from clock_timestamp() at time zone 'Asia/Bangkok')::int, 1)
    on conflict (tenant_id, register_id, year) do update set last_number = c.last_number + 1
    returning year, last_number as number, clock_timestamp() as "issuedAt"`;
  return { year: row!.year, number: row!.number, issuedAt: new Date(row!.issuedAt) };
}
