import { randomUUID } from 'node:crypto';
import type { RegisterKind } from '@/core/letters';
import type { TenantTx } from '@/db/scope';
import { registerNames } from '@/server/sending/numbering';

export type Register = { id: string; nameTh: string; classified: boolean };

// Registers are never changed or deleted, so one known to be committed is remembered.
const known = new Map<string, Register>();

/** The unit's register of that kind, created the first time it is needed (classified letters get their own). */
export async function ensureRegister(tx: TenantTx, tenantId: string, unitId: string, kind: RegisterKind, classified: boolean) {
  const key = `${tenantId}:${unitId}:${kind}:${classified}`;
  const cached = known.get(key);
  if (cached) return cached;
  const find = async () => (await tx.$client<Register[]>`
    select id, name_th as "nameTh", classified from registers
    where tenant_id = ${tenantId} and unit_id = ${unitId} and kind = ${kind} and classified = ${classified}`)[0];
  const existing = await find();
  if (existing) {
    known.set(key, existing);
    return existing;
  }
  // Created in this transaction, so not remembered until a later one finds it committed.
  const nameTh = `${kind === 'receive' ? 'ทะเบียนหนังสือรับ' : registerNames[kind]}${classified ? ' (ข้อมูลข่าวสารลับ)' : ''}`;
  const [created] = await tx.$client<Register[]>`
    insert into registers (tenant_id, id, unit_id, kind, classified, name_th)
    values (${tenantId}, ${randomUUID()}, ${unitId}, ${kind}, ${classified}, ${nameTh})
    on conflict (tenant_id, unit_id, kind, classified) do nothing
    returning id, name_th as "nameTh", classified`;
  // Or a concurrent transaction created it first: a new statement sees it.
  return created ?? (await find())!;
}
