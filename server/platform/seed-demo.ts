import { count } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { runInTenant } from '@/db/scope';
import { tenants } from '@/db/schema';
import { demoAgencies, demoOperator, DEMO_CLASSIFIED_PASSPHRASE, DEMO_PASSWORD } from '@/db/seed-data';
import { createKeyPair, createRecoveryKey, sodium } from '@/core/classified-crypto';
import { keepPersonKey, keepRecoveryKey, keyOwner } from '@/server/classified/keys';
import { hashPassword } from '@/server/auth/password';
import { createAgency } from '@/server/platform/create-agency';
import { createOperator } from '@/server/platform/operators';
import { createUnit } from '@/server/units/create-unit';
import { createPerson } from '@/server/people/create-person';
import { applyClearance } from '@/server/people/set-clearance';
import { systemActor } from '@/server/audit/actor';
import type { Clearance } from '@/core/access';

/** Seeds the demo through the same domain code a person would use; only into an empty database. */
export async function seedDemoIfEmpty(ownerUrl: string) {
  const client = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await drizzle({ client }).select({ n: count() }).from(tenants);
    if ((row?.n ?? 0) > 0) return false;
  } finally {
    await client.end();
  }
  await seedDemo();
  return true;
}

export async function seedDemo() {
  const operatorId = await createOperator({
    username: demoOperator.username, fullName: demoOperator.fullName, passwordHash: await hashPassword(DEMO_PASSWORD),
  });
  for (const agency of demoAgencies) {
    const admin = agency.people.find((p) => p.username === 'admin')!;
    const { tenantId, rootUnitId, adminId } = await createAgency({ id: operatorId, fullName: demoOperator.fullName }, {
      code: agency.code, nameTh: agency.nameTh, nameEn: agency.nameEn, ministryCode: agency.ministryCode,
      ownerNumber: agency.ownerNumber, address: agency.address, phone: agency.phone, email: agency.email,
      admin: { username: admin.username, fullNameTh: admin.fullNameTh, position: admin.position, email: '', password: DEMO_PASSWORD },
    });
    const cleared: Array<{ id: string; clearance: Clearance; name: string; head: boolean }> = [];
    await runInTenant({ tenantId, userId: adminId }, async (tx) => {
      const actor = { kind: 'user' as const, id: adminId, name: admin.fullNameTh };
      const unitIds: Record<string, string> = { '': rootUnitId };
      for (const [key, [nameTh, nameEn, ownerNumber, parent]] of Object.entries(agency.units)) {
        unitIds[key] = (await createUnit(tx, tenantId, actor, { parentId: unitIds[parent]!, nameTh, nameEn, ownerNumber })).id;
      }
      for (const person of agency.people.filter((p) => p !== admin)) {
        const { id } = await createPerson(tx, tenantId, actor, {
          username: person.username, password: DEMO_PASSWORD, fullNameTh: person.fullNameTh, fullNameEn: person.fullNameEn,
          position: person.position, email: '',
          memberships: person.roles.map((r) => ({ unitId: unitIds[r.unit]!, role: r.role })),
        });
        if (person.clearance) cleared.push({ id, clearance: person.clearance, name: person.fullNameTh, head: person.roles.some((r) => r.unit === '' && r.role === 'executive') });
      }
    });
    // Demo clearances are provisioned as the system would be: in the service, raising one takes a second person's approval.
    await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
      for (const person of cleared) {
        await applyClearance(tx, tenantId, systemActor('ข้อมูลตัวอย่าง'), { id: person.id, clearance: 'none', classifiedAppointed: false },
          { clearance: person.clearance, classifiedAppointed: true }, { provisioned: true });
      }
    });
    await seedClassifiedKeys(tenantId, cleared);
  }
}

/**
 * Each appointed demo officer's key, made and sealed as their browser would under the demo
 * classified passphrase, and the agency's recovery key made by its head, whose private half
 * (which a real head prints and keeps offline) the demo does not keep at all.
 */
async function seedClassifiedKeys(tenantId: string, cleared: Array<{ id: string; name: string; head: boolean }>) {
  const s = await sodium();
  for (const person of cleared) {
    const { sealed: { fingerprint: _, ...sealed } } = createKeyPair(s, DEMO_CLASSIFIED_PASSPHRASE, keyOwner(tenantId, person.id));
    await runInTenant({ tenantId, userId: person.id }, (tx) => keepPersonKey(tx, tenantId, { kind: 'user', id: person.id, name: person.name }, person.id, sealed));
  }
  const head = cleared.find((p) => p.head);
  if (head) {
    const recovery = createRecoveryKey(s);
    await runInTenant({ tenantId, userId: head.id }, (tx) => keepRecoveryKey(tx, tenantId, { kind: 'user', id: head.id, name: head.name }, recovery.publicKey));
  }
}
