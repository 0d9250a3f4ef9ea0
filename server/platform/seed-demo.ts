import { count } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { runInTenant } from '@/db/scope';
import { tenants } from '@/db/schema';
import { demoAgencies, demoOperator, DEMO_CLASSIFIED_PASSPHRASE, DEMO_PASSWORD } from '@/db/seed-data';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createKeyPair, createRecoveryKey, sealNewLetter, sodium, unwrapKey, wrapKey, type KeyPair } from '@/core/classified-crypto';
import { startUserSession } from '@/server/auth/sessions';
import { renderPdf } from '@/server/documents/typst';
import { createCaller } from '@/server/routers/_app';
import { todayInBangkok } from '@/server/shared/letter-date';
import { storeUpload } from '@/server/storage/store-upload';
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
    const keys = await seedClassifiedKeys(tenantId, cleared);
    if (agency.code === 'cgd') await seedClassifiedLetter(tenantId, rootUnitId, cleared, keys);
  }
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

/**
 * A ลับ letter at the demo's กรมบัญชีกลาง, taken in through the real procedures as the
 * registry officer's browser would: sealed with a new content key, recorded with its sealed
 * scan, registered in the classified register and routed to the director, whose key it is
 * wrapped for. Its subject and the marker in its scan exist only as ciphertext.
 */
async function seedClassifiedLetter(
  tenantId: string, rootUnitId: string, cleared: Array<{ id: string; head: boolean }>, keys: Awaited<ReturnType<typeof seedClassifiedKeys>>,
) {
  const registry = cleared.find((p) => !p.head);
  const head = cleared.find((p) => p.head);
  if (!registry || !head || !keys.recovery) return;
  const s = await sodium();
  const mine = keys.people.get(registry.id)!;
  const director = keys.people.get(head.id)!;
  // The marker stands in the document's title too, where it is plain bytes of the file: a leak of the scan would show it.
  const scan = new Uint8Array(renderPdf(`#set document(title: "${DEMO_CLASSIFIED.marker}")
#set page(paper: "a4", margin: 2.5cm)
#set text(font: "Sarabun", size: 16pt, lang: "th")
#align(center)[*ลับ*]
#v(1cm)
${DEMO_CLASSIFIED.subject}

ข้อความของหนังสือลับสาธิต สำหรับทดลองเปิดด้วยกุญแจของผู้ได้รับแต่งตั้ง ${DEMO_CLASSIFIED.marker}`, {}));
  const letterId = randomUUID();
  const fileId = randomUUID();
  const sealed = await sealNewLetter(s, {
    letterId, subject: DEMO_CLASSIFIED.subject, remarks: '', files: [{ id: fileId, name: 'หนังสือลับสาธิต.pdf', type: 'application/pdf', bytes: scan }],
    wrapFor: [{ keyId: mine.keyId, publicKey: mine.publicKey }, { keyId: keys.recovery.keyId, publicKey: keys.recovery.publicKey }],
  });
  const stored = await storeUpload({
    key: `tenants/${tenantId}/letters/${randomUUID()}/${randomUUID()}`, fileName: 'sealed', body: Readable.from([Buffer.from(sealed.files[0]!.bytes)]),
    maxBytes: 64 * 1024 * 1024, sealedFileId: fileId,
  });
  const session = await runInTenant({ tenantId, userId: registry.id }, (tx) => startUserSession(tx, tenantId, registry.id, null));
  const caller = createCaller({ session: { kind: 'user', tenantId, userId: registry.id, sv: 1, sid: session }, requestedUnitId: rootUnitId, ip: null, setCookie: null, uploads: { letterId, files: [stored] } });
  await caller.intake.recordSealedPaperLetter({
    documentNumber: 'กค 0400/ลับ 1', letterDate: todayInBangkok(), fromText: 'กระทรวงการคลัง', toText: 'อธิบดีกรมบัญชีกลาง', urgency: 'urgent',
    secrecy: 'confidential', letterId, sealedDetails: sealed.sealedDetails, keys: sealed.keys,
  });
  await caller.registry.register({ letterId });
  const contentKey = unwrapKey(s, sealed.keys[0]!.wrapped, letterId, mine.pair);
  await caller.letters.route({
    letterId, note: '', targets: [{ userId: head.id, purpose: 'action' }],
    keys: [{ keyId: director.keyId, wrapped: wrapKey(s, contentKey, letterId, director.publicKey) }],
  });
  s.memzero(contentKey);
}
