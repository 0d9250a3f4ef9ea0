import { count, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { runInTenant } from '@/db/scope';
import { tenants, users } from '@/db/schema';
import { demoAgencies, demoOperator, DEMO_CLASSIFIED_PASSPHRASE, DEMO_PASSWORD } from '@/db/seed-data';
import { randomUUID } from 'node:crypto';
import { createKeyPair, createRecoveryKey, detailsContext, newContentKey, sealJson, sodium, toBase64, unwrapKey, wrapKey, type KeyPair } from '@/core/classified-crypto';
import { deliverToAgency } from '@/server/delivery/deliver';
import { demoExchangeConnection } from '@/server/exchange/demo-network';
import { startUserSession } from '@/server/auth/sessions';
import { createCaller } from '@/server/routers/_app';
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
  const seeded = new Map<string, { tenantId: string; rootUnitId: string; cleared: Array<{ id: string; head: boolean }>; keys: Awaited<ReturnType<typeof seedClassifiedKeys>> }>();
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
      // The demo's password is published (README): nobody is asked to replace it.
      await tx.update(users).set({ mustChangePassword: false }).where(eq(users.tenantId, tenantId));
    });
    // Demo clearances are provisioned as the system would be: in the service, raising one takes a second person's approval.
    await runInTenant({ tenantId, userId: null, system: true }, async (tx) => {
      for (const person of cleared) {
        await applyClearance(tx, tenantId, systemActor('ข้อมูลตัวอย่าง'), { id: person.id, clearance: 'none', classifiedAppointed: false },
          { clearance: person.clearance, classifiedAppointed: true }, { provisioned: true });
      }
    });
    seeded.set(agency.code, { tenantId, rootUnitId, cleared, keys: await seedClassifiedKeys(tenantId, cleared) });
    await connectDemoExchange(agency.code, tenantId, adminId, rootUnitId);
  }
  const [opm, cgd] = [seeded.get('opm'), seeded.get('cgd')];
  if (opm && cgd) await seedClassifiedExchange(opm, cgd);
}

/**
 * A demo agency on the demo exchange network (server/exchange/demo-network.ts), connected by
 * its admin as a person would, and its directory read if the local node answers.
 */
async function connectDemoExchange(code: string, tenantId: string, adminId: string, rootUnitId: string) {
  const connection = demoExchangeConnection(code);
  if (!connection) return;
  const admin = await actAs(tenantId, adminId, rootUnitId);
  try {
    // Only where the platform lets agencies reach its loopback node (the launcher does, for the demo's node).
    await admin.exchange.saveConnection(connection);
    await admin.exchange.refreshDirectory();
  } catch (error) {
    console.warn(`[demo] ${code}: the demo exchange connection was not set up (${(error as Error).message})`);
  }
}

/** The demo person acting through the real procedures, with a session of their own (as after signing in). */
async function actAs(tenantId: string, userId: string, unitId: string) {
  const session = await runInTenant({ tenantId, userId }, (tx) => startUserSession(tx, tenantId, userId, null));
  return createCaller({ session: { kind: 'user', tenantId, userId, sv: 1, sid: session }, requestedUnitId: unitId, ip: null, setCookie: null, uploads: null });
}

/**
 * Each appointed demo officer's key, made and sealed as their browser would under the demo
 * classified passphrase, and the agency's recovery key made by its head, whose private half
 * (which a real head prints and keeps offline) the demo does not keep at all.
 */
async function seedClassifiedKeys(tenantId: string, cleared: Array<{ id: string; name: string; head: boolean }>) {
  const s = await sodium();
  const people = new Map<string, { keyId: string; pair: KeyPair; publicKey: string }>();
  for (const person of cleared) {
    const { sealed: { fingerprint: _, ...sealed }, keys } = createKeyPair(s, DEMO_CLASSIFIED_PASSPHRASE, keyOwner(tenantId, person.id));
    const { id } = await runInTenant({ tenantId, userId: person.id }, (tx) => keepPersonKey(tx, tenantId, { kind: 'user', id: person.id, name: person.name }, person.id, sealed));
    people.set(person.id, { keyId: id, pair: keys, publicKey: sealed.publicKey });
  }
  const head = cleared.find((p) => p.head);
  if (!head) return { people, recovery: null };
  const made = createRecoveryKey(s);
  const { id } = await runInTenant({ tenantId, userId: head.id }, (tx) => keepRecoveryKey(tx, tenantId, { kind: 'user', id: head.id, name: head.name }, made.publicKey));
  return { people, recovery: { keyId: id, publicKey: made.publicKey } };
}

/** What the demo classified letter says (README names who opens it); never stored in the clear. */
export const DEMO_CLASSIFIED = { subject: 'ทดสอบหนังสือลับสาธิต', marker: 'SARABAN-CLASSIFIED-DEMO' } as const;

type SeededAgency = { tenantId: string; rootUnitId: string; cleared: Array<{ id: string; head: boolean }>; keys: Awaited<ReturnType<typeof seedClassifiedKeys>> };

/**
 * A ลับ letter sent from the demo's สำนักงานปลัดสำนักนายกรัฐมนตรี to กรมบัญชีกลาง through the
 * real path, the seed doing what each officer's browser would (docs/classified.md): drafted
 * sealed by opm's registry officer, signed by its head with the key handed over for the
 * signing, sealed for cgd's appointed officers and recovery key from the platform directory and
 * sent; delivered by the delivery job; registered by cgd's registry officer and routed to its
 * director. Its subject, and the marker in its body and signed PDF, exist only as ciphertext.
 */
async function seedClassifiedExchange(opm: SeededAgency, cgd: SeededAgency) {
  const author = opm.cleared.find((p) => !p.head);
  const signer = opm.cleared.find((p) => p.head);
  const receiver = cgd.cleared.find((p) => !p.head);
  const director = cgd.cleared.find((p) => p.head);
  if (!author || !signer || !receiver || !director || !opm.keys.recovery) return;
  const s = await sodium();
  const mine = opm.keys.people.get(author.id)!;
  const theirs = opm.keys.people.get(signer.id)!;

  // Drafted: the letter's id and content key made "in the browser", wrapped for the author and the recovery key.
  const letterId = randomUUID();
  const key = newContentKey(s);
  const contentKey = toBase64(s, key);
  const desk = await actAs(opm.tenantId, author.id, opm.rootUnitId);
  const content = {
    subject: DEMO_CLASSIFIED.subject, salutation: 'เรียน', addressee: 'อธิบดีกรมบัญชีกลาง', secrecy: 'confidential' as const, urgency: 'urgent' as const,
    body: [`ข้อความของหนังสือลับสาธิต สำหรับทดลองเปิดด้วยกุญแจของผู้ได้รับแต่งตั้ง ${DEMO_CLASSIFIED.marker}`, 'จึงเรียนมาเพื่อโปรดทราบ'],
    closing: 'ขอแสดงความนับถือ', signer: { name: 'นายวิชัย ศรีสง่า', position: 'ปลัดสำนักนายกรัฐมนตรี' },
    recipients: [{ kind: 'agency' as const, tenantId: cgd.tenantId, name: 'กรมบัญชีกลาง', copy: false }],
  };
  await desk.outgoing.create({
    kind: 'external', content, sealing: {
      letterId, contentKey, keys: [
        { keyId: mine.keyId, wrapped: wrapKey(s, key, letterId, mine.publicKey) },
        { keyId: opm.keys.recovery.keyId, wrapped: wrapKey(s, key, letterId, opm.keys.recovery.publicKey) },
      ],
    },
  });
  await desk.outgoing.submit({ letterId, reviewers: [], signerId: signer.id, keys: [{ keyId: theirs.keyId, wrapped: wrapKey(s, key, letterId, theirs.publicKey) }] });
  await (await actAs(opm.tenantId, signer.id, opm.rootUnitId)).outgoing.sign({ letterId, password: DEMO_PASSWORD, contentKey });

  // Sent: sealed for cgd's officers and recovery key as the directory lists them.
  const signed = (await desk.outgoing.get({ letterId })).files.find((f) => f.kind === 'signed')!;
  const agencies = await desk.classified.sendingKeys({ letterId });
  await desk.outgoing.send({
    letterId, sealed: {
      details: sealJson(s, key, detailsContext(letterId), { subject: DEMO_CLASSIFIED.subject, remarks: '', files: [{ id: signed.id, name: signed.fileName, type: 'application/pdf' }] }),
      agencies: agencies.map((a) => ({
        tenantId: a.tenantId, keys: [...a.officers, ...(a.recovery ? [a.recovery] : [])].map((k) => ({ keyId: k.keyId, wrapped: wrapKey(s, key, letterId, k.publicKey) })),
      })),
    },
  });
  s.memzero(key);
  const [delivery] = (await desk.outgoing.get({ letterId })).deliveries;
  await deliverToAgency({ tenantId: opm.tenantId, deliveryId: delivery!.id });

  // Received at cgd: registered in the classified register and routed to the director.
  const registry = await actAs(cgd.tenantId, receiver.id, cgd.rootUnitId);
  await registry.registry.register({ letterId });
  const wrapped = await registry.classified.letterKey({ letterId });
  const received = unwrapKey(s, wrapped.wrapped, letterId, cgd.keys.people.get(receiver.id)!.pair);
  const head = cgd.keys.people.get(director.id)!;
  await registry.letters.route({
    letterId, note: '', targets: [{ userId: director.id, purpose: 'action' }],
    keys: [{ keyId: head.keyId, wrapped: wrapKey(s, received, letterId, head.publicKey) }],
  });
  s.memzero(received);
}
