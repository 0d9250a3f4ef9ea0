import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { queueDelivery } from '@/server/delivery/queue-delivery';
import { renderPdf } from '@/server/documents/typst';
import { writeObject } from '@/server/storage/s3';
import { addPerson, callerFor, createAgency, errorKey, ownerSql, runJobsUntil, sessionCookie, type TestAgency } from './factories';

const paper = (subject: string, extra: Record<string, unknown> = {}) => ({
  documentNumber: 'ศธ 04001/ว 123', letterDate: '2026-11-20', fromText: 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน',
  toText: 'อธิบดีกรมทดสอบ', subject, urgency: 'normal' as const, secrecy: 'normal' as const, remarks: '', ...extra,
});

async function registryOf(agency: TestAgency, username = 'registry') {
  const person = await addPerson(agency, username, [{ unitId: agency.rootUnitId, role: 'central_registry_officer' }]);
  return { ...person, caller: callerFor(person.claims).caller };
}

const pdf = renderPdf('#set text(font: "Sarabun", size: 16pt)\nที่ นร ๐๑๐๕/ว ๗๘๙ เรื่อง ขอความร่วมมือ', {});

async function sendOnPlatform(a: TestAgency, b: TestAgency, subject: string) {
  const stored = await writeObject(`tenants/${a.tenantId}/outgoing/${crypto.randomUUID()}`, pdf, 'application/pdf');
  const { id } = await runInTenant({ tenantId: a.tenantId, userId: a.adminId }, (tx) => queueDelivery(tx, a.tenantId, {
    recipientTenantId: b.tenantId, recipientName: 'กรมปลายทาง', letter: {
      documentNumber: 'นร 0105/ว 789', letterDate: '2026-11-23', fromText: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', toText: 'อธิบดีกรมปลายทาง',
      subject, urgency: 'urgent', secrecy: 'normal', files: [{ ...stored, fileName: 'หนังสือ.pdf', contentType: 'application/pdf' }],
    },
  }));
  return id;
}

async function deliveryOf(a: TestAgency, id: string) {
  return runInTenant({ tenantId: a.tenantId, userId: null, system: true }, async (tx) =>
    (await tx.select().from(deliveries).where(and(eq(deliveries.tenantId, a.tenantId), eq(deliveries.id, id))))[0]!);
}

describe('registering several waiting letters at once', () => {
  it('gives them consecutive numbers in the order of the waiting list (urgent first), whatever order they were ticked in', async () => {
    const agency = await createAgency();
    const { caller } = await registryOf(agency);
    const first = await caller.intake.recordPaperLetter(paper('เรื่องที่หนึ่ง'));
    const second = await caller.intake.recordPaperLetter(paper('เรื่องที่สอง'));
    const urgent = await caller.intake.recordPaperLetter(paper('เรื่องด่วนที่สุด', { urgency: 'most_urgent' }));
    const left = await caller.intake.recordPaperLetter(paper('เรื่องที่ไม่ได้เลือก'));
    const result = await caller.registry.registerMany({ letterIds: [second.id, first.id, urgent.id] });
    expect(result.map((r) => [r.letterId, r.number])).toEqual([[urgent.id, 1], [first.id, 2], [second.id, 3]]);
    expect((await caller.registry.waiting()).map((l) => l.id)).toEqual([left.id]);
    const register = await caller.registry.entries({ registerId: result[0]!.registerId, yearBe: result[0]!.year + 543 });
    expect(register.entries.map((e) => [e.number, e.subject])).toEqual([[1, 'เรื่องด่วนที่สุด'], [2, 'เรื่องที่หนึ่ง'], [3, 'เรื่องที่สอง']]);
  });

  it('all or nothing: one letter already registered refuses the batch, names that letter, and takes no number', async () => {
    const agency = await createAgency();
    const { caller } = await registryOf(agency);
    const taken = await caller.intake.recordPaperLetter(paper('ลงรับไปแล้ว'));
    const other = await caller.intake.recordPaperLetter(paper('ยังรออยู่'));
    expect((await caller.registry.register({ letterId: taken.id })).number).toBe(1);
    const refused = await caller.registry.registerMany({ letterIds: [other.id, taken.id] }).then(() => null, (e: unknown) => e as { message: string; params?: object });
    expect(refused?.message).toBe('already_registered');
    expect(refused?.params).toEqual({ letter: taken.id });
    expect((await caller.registry.waiting()).map((l) => l.id)).toEqual([other.id]);
    // The number the refused batch would have given is the next one still.
    expect((await caller.registry.register({ letterId: other.id })).number).toBe(2);
  });
});

describe('returning a waiting letter (ส่งคืน)', () => {
  it('from another agency on the platform: leaves the waiting list unregistered, and the sender’s record says returned, when and why', async () => {
    const a = await createAgency('กรมผู้ส่งคืน');
    const b = await createAgency('กรมผู้รับผิด');
    const { caller } = await registryOf(b);
    const deliveryId = await sendOnPlatform(a, b, 'ขอความร่วมมือส่งข้อมูลบุคลากร');
    await runJobsUntil(async () => (await deliveryOf(a, deliveryId)).state === 'delivered');
    const [waiting] = await caller.registry.waiting();
    expect(await errorKey(caller.registry.returnLetter({ letterId: waiting!.id, reason: '   ' }))).toContain('too_small');
    expect(await caller.registry.returnLetter({ letterId: waiting!.id, reason: 'ส่งผิดส่วนราชการ เรื่องนี้อยู่ในอำนาจของกรมบัญชีกลาง' })).toEqual({ passedTo: null });
    expect(await caller.registry.waiting()).toEqual([]);
    // Twice is refused: it no longer waits here.
    expect(await errorKey(caller.registry.returnLetter({ letterId: waiting!.id, reason: 'ซ้ำ' }))).toBe('not_waiting');
    expect(await errorKey(caller.registry.register({ letterId: waiting!.id }))).not.toBe('ok');
    const view = await caller.letters.get({ letterId: waiting!.id });
    expect(view.status).toBe('returned');
    expect(view.timeline.map((e) => e.action)).toContain('letter.returned');

    const returned = await runJobsUntil(async () => { const d = await deliveryOf(a, deliveryId); return d.state === 'returned' && d; });
    expect(returned.returnedReason).toBe('ส่งผิดส่วนราชการ เรื่องนี้อยู่ในอำนาจของกรมบัญชีกลาง');
    expect(returned.returnedAt).toBeInstanceOf(Date);
  });

  it('from an e-mail sender: an e-mail tells them it was returned and why', async () => {
    const agency = await createAgency();
    const { caller } = await registryOf(agency);
    const { id } = await caller.intake.recordPaperLetter(paper('หนังสือที่มาทางอีเมล'));
    const owner = ownerSql();
    try {
      await owner`update letters set channel = 'email', reply_to = 'saraban@school.example.org' where tenant_id = ${agency.tenantId} and id = ${id}`;
      await caller.registry.returnLetter({ letterId: id, reason: 'ไม่มีลายมือชื่อผู้ลงนาม กรุณาส่งใหม่' });
      const [email] = await runJobsUntil(async () => {
        const rows = await owner<Array<{ to_address: string; subject: string; text: string; kind: string }>>`
          select to_address, subject, text, kind from outgoing_emails where tenant_id = ${agency.tenantId} and letter_id = ${id}`;
        return rows.length > 0 && rows;
      });
      expect(email).toMatchObject({ to_address: 'saraban@school.example.org', kind: 'letter_returned', subject: 'แจ้งการส่งคืนหนังสือ: หนังสือที่มาทางอีเมล' });
      expect(email!.text).toContain('ไม่มีลายมือชื่อผู้ลงนาม กรุณาส่งใหม่');
      // No mail service connected: the admin is told it was only kept, and how many are.
      expect(await callerFor(agency.adminClaims).caller.mail.status()).toEqual({ connected: false, kept: 1 });
    } finally {
      await owner.end();
    }
  });

  it('received by the wrong unit: passed to the registry of the right one, whose waiting list it joins', async () => {
    const agency = await createAgency();
    const { caller } = await registryOf(agency);
    const finance = callerFor((await addPerson(agency, 'finance-clerk', [{ unitId: agency.units.finance, role: 'unit_clerk' }])).claims).caller;
    const { id } = await caller.intake.recordPaperLetter(paper('ขอเบิกเงินงบประมาณ'));
    expect(await errorKey(caller.registry.returnLetter({ letterId: id, reason: 'ผิดหน่วย', toUnitId: agency.rootUnitId }))).toBe('unit_invalid');
    expect(await caller.registry.returnLetter({ letterId: id, reason: 'เป็นเรื่องของกองคลัง', toUnitId: agency.units.finance })).toEqual({ passedTo: 'กองคลัง' });
    expect(await caller.registry.waiting()).toEqual([]);
    expect((await finance.registry.waiting()).map((l) => l.subject)).toEqual(['ขอเบิกเงินงบประมาณ']);
    const registered = await finance.registry.register({ letterId: id });
    expect(registered.number).toBe(1);
  });
});

describe('the owner is told when a routed letter is finished', () => {
  it('its last part closed, whoever routed it and whoever registered it are told; the person who closed it is not', async () => {
    const agency = await createAgency();
    const registry = await registryOf(agency);
    const director = await addPerson(agency, 'director', [{ unitId: agency.rootUnitId, role: 'executive' }]);
    const clerkPerson = await addPerson(agency, 'clerk', [{ unitId: agency.units.finance, role: 'unit_clerk' }]);
    const clerk = callerFor(clerkPerson.claims).caller;
    const { id } = await registry.caller.intake.recordPaperLetter(paper('ขอความร่วมมือสำรวจข้อมูล'));
    await registry.caller.registry.register({ letterId: id });
    await registry.caller.letters.route({ letterId: id, targets: [{ userId: clerkPerson.id, purpose: 'action' }, { userId: director.id, purpose: 'information' }] });
    const finished = async (c: typeof clerk) => (await c.letters.notifications()).items.filter((n) => n.kind === 'letter_finished');
    const parts = (await clerk.letters.get({ letterId: id })).parts;
    const mine = parts.find((p) => p.userId === clerkPerson.id)!;
    await clerk.letters.recordAction({ assignmentId: mine.id, text: 'ส่งข้อมูลแล้ว', close: true });
    expect(await finished(registry.caller)).toEqual([]);
    const directorCaller = callerFor(director.claims).caller;
    const theirs = parts.find((p) => p.userId === director.id)!;
    await directorCaller.letters.recordAction({ assignmentId: theirs.id, text: 'ทราบ', close: true });
    expect((await finished(registry.caller)).map((n) => [n.letterId, n.title])).toEqual([[id, 'ขอความร่วมมือสำรวจข้อมูล']]);
    expect(await finished(directorCaller)).toEqual([]);
    expect(await finished(clerk)).toEqual([]);
  });
});

describe('drafts belong to the unit they were made for', () => {
  it('a person of two units sees under ร่างของฉัน the drafts of the unit they act for, with the unit named', async () => {
    const agency = await createAgency();
    const person = await addPerson(agency, 'two-units', [{ unitId: agency.units.central, role: 'unit_clerk' }, { unitId: agency.units.finance, role: 'unit_clerk' }]);
    const asCentral = callerFor(person.claims, agency.units.central).caller;
    const asFinance = callerFor(person.claims, agency.units.finance).caller;
    await asCentral.outgoing.create({ kind: 'memo', content: { subject: 'ร่างของกองกลาง' } as never });
    await asFinance.outgoing.create({ kind: 'memo', content: { subject: 'ร่างของกองคลัง' } as never });
    const central = await asCentral.outgoing.list();
    const finance = await asFinance.outgoing.list();
    expect([central.unit?.th, central.mine.map((d) => d.subject)]).toEqual(['กองกลาง', ['ร่างของกองกลาง']]);
    expect([finance.unit?.th, finance.mine.map((d) => d.subject)]).toEqual(['กองคลัง', ['ร่างของกองคลัง']]);
  });
});

describe('choosing a signer', () => {
  it('offers only active people who may sign, the agency’s chain signer first, then by how high their unit stands', async () => {
    const agency = await createAgency();
    const admin = callerFor(agency.adminClaims).caller;
    const head = await addPerson(agency, 'head', [{ unitId: agency.rootUnitId, role: 'executive' }]);
    const financeDirector = await addPerson(agency, 'finance-director', [{ unitId: agency.units.finance, role: 'executive' }]);
    const given = await addPerson(agency, 'given', [{ unitId: agency.units.central, role: 'staff' }]);
    const taken = await addPerson(agency, 'taken', [{ unitId: agency.rootUnitId, role: 'executive' }]);
    const gone = await addPerson(agency, 'gone', [{ unitId: agency.rootUnitId, role: 'executive' }]);
    const clerk = await addPerson(agency, 'clerk', [{ unitId: agency.units.central, role: 'unit_clerk' }]);
    await admin.people.setPermissions({ userId: given.id, overrides: [{ permission: 'sign', allowed: true }] });
    await admin.people.setPermissions({ userId: taken.id, overrides: [{ permission: 'sign', allowed: false }] });
    await admin.people.setStatus({ userId: gone.id, status: 'disabled' });
    await admin.agency.setReviewChain({ reviewers: [], signerId: financeDirector.id });
    const signers = await callerFor(clerk.claims).caller.outgoing.signers();
    expect(signers.map((s) => s.id)).toEqual([financeDirector.id, head.id, given.id]);
    expect((await admin.agency.signers()).map((s) => s.id)).toEqual([financeDirector.id, head.id, given.id]);
  });
});

describe('reserved numbers (จองเลข)', () => {
  it('takes the next send number at once, registered with the reason; the scan is attached later; an unused one is cancelled with a note and never reused', async () => {
    const agency = await createAgency();
    const registry = await registryOf(agency);
    const { caller } = registry;
    expect(await errorKey(caller.outgoing.reserveNumber({ subject: 'ขอความอนุเคราะห์', reason: ' ' }))).toContain('too_small');
    const first = await caller.outgoing.reserveNumber({ subject: 'ขอความอนุเคราะห์ใช้สถานที่', addressee: 'ผู้ว่าราชการจังหวัดเชียงใหม่', reason: 'อธิบดีลงนามในกระดาษระหว่างเดินทางไปราชการ' });
    const second = await caller.outgoing.reserveNumber({ subject: 'ขอเชิญประชุม', reason: 'ลงนามในกระดาษ' });
    expect([first.number, second.number]).toEqual([1, 2]);
    expect(first.documentNumber).toBe('นร 0105/1');
    expect((await caller.outgoing.list()).reserved.map((l) => l.id)).toEqual([first.id, second.id]);

    // The paper letter's scan goes onto the first line through the upload endpoint (checked by content, then recorded).
    const { POST } = await import('@/app/api/outgoing/[letterId]/paper/route');
    const upload = (letterId: string, name: string, bytes: Buffer) => {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(bytes)]), name);
      return sessionCookie(registry.claims).then((cookie) => POST(new Request(`http://127.0.0.1/api/outgoing/${letterId}/paper`, {
        method: 'POST', body: form, headers: { cookie, origin: 'http://127.0.0.1' },
      }), { params: Promise.resolve({ letterId }) }));
    };
    const bad = await upload(first.id, 'ปลอม.pdf', Buffer.from('not a pdf'));
    expect([bad.status, (await bad.json()).error.params]).toEqual([415, { file: 'ปลอม.pdf', kind: 'PDF' }]);
    const ok = await upload(first.id, 'หนังสือลงนาม.pdf', pdf);
    expect([ok.status, await ok.json()]).toEqual([200, { attached: 1 }]);
    const attached = await caller.outgoing.get({ letterId: first.id });
    expect([attached.letter.state, attached.files.map((f) => [f.kind, f.fileName])]).toEqual(['paper', [['signed', 'หนังสือลงนาม.pdf']]]);
    expect((await upload(first.id, 'อีกฉบับ.pdf', pdf)).status).toBe(409);

    expect(await errorKey(caller.outgoing.cancelReservation({ letterId: second.id, note: '' }))).toContain('too_small');
    await caller.outgoing.cancelReservation({ letterId: second.id, note: 'ไม่ได้ส่งหนังสือฉบับนี้' });
    expect(await errorKey(caller.outgoing.cancelReservation({ letterId: second.id, note: 'ซ้ำ' }))).toBe('not_reserved');

    // The register shows both lines as they stand; the next number goes on from 3.
    const register = await caller.registry.entries({ registerId: first.registerId, yearBe: first.year + 543 });
    expect(register.entries.map((e) => [e.number, e.subject, e.remarks, e.actions])).toEqual([
      [1, 'ขอความอนุเคราะห์ใช้สถานที่', 'จองเลข: อธิบดีลงนามในกระดาษระหว่างเดินทางไปราชการ', 'ลงนามในกระดาษ แนบสำเนาแล้ว'],
      [2, 'ขอเชิญประชุม', 'จองเลข: ลงนามในกระดาษ · ยกเลิกการจอง: ไม่ได้ส่งหนังสือฉบับนี้', 'ยกเลิกการจอง เลขนี้ไม่นำกลับมาใช้'],
    ]);
    expect((await caller.outgoing.reserveNumber({ subject: 'ฉบับถัดไป', reason: 'ลงนามในกระดาษ' })).number).toBe(3);
    // Only those who send may reserve.
    const staff = callerFor((await addPerson(agency, 'staff', [{ unitId: agency.rootUnitId, role: 'staff' }])).claims).caller;
    expect(await errorKey(staff.outgoing.reserveNumber({ subject: 'ไม่มีสิทธิ์', reason: 'ทดสอบ' }))).toBe('forbidden');
  });
});

describe('registers that answer the questions people ask', () => {
  it('are named for their unit, chosen among a person’s units, and the central registry sees every unit’s send register', async () => {
    const agency = await createAgency();
    const registry = await registryOf(agency);
    const person = await addPerson(agency, 'two-units', [{ unitId: agency.units.central, role: 'unit_clerk' }, { unitId: agency.units.finance, role: 'unit_clerk' }]);
    const asCentral = callerFor(person.claims, agency.units.central).caller;
    const asFinance = callerFor(person.claims, agency.units.finance).caller;
    const one = await asCentral.intake.recordPaperLetter(paper('ของกองกลาง'));
    const two = await asFinance.intake.recordPaperLetter(paper('ของกองคลัง'));
    const a = await asCentral.registry.register({ letterId: one.id });
    const b = await asFinance.registry.register({ letterId: two.id });
    // Both start at 1: their titles say whose is whose.
    expect([a.number, b.number]).toEqual([1, 1]);
    const listed = await asCentral.registry.registers();
    expect(listed.map((r) => [r.kind, r.classified, r.unitName])).toEqual([
      ['receive', false, 'กองกลาง'], ['receive', true, 'กองกลาง'], ['receive', false, 'กองคลัง'], ['receive', true, 'กองคลัง']]);
    const finance = await asCentral.registry.entries({ registerId: b.registerId, yearBe: b.year + 543 });
    expect([finance.register.unitName, finance.entries.map((e) => e.subject)]).toEqual(['กองคลัง', ['ของกองคลัง']]);

    // A finance send number, reserved by the unit; the central registry (the agency's own unit) sees that send register too.
    const reserved = await asFinance.outgoing.reserveNumber({ subject: 'หนังสือของกองคลัง', reason: 'ลงนามในกระดาษ' });
    const central = await registry.caller.registry.registers();
    expect(central.some((r) => r.id === reserved.registerId && r.kind === 'send' && r.unitName === 'กองคลัง')).toBe(true);
    expect((await registry.caller.registry.entries({ registerId: reserved.registerId, yearBe: reserved.year + 543 })).entries.map((e) => e.subject)).toEqual(['หนังสือของกองคลัง']);
  });

  it('list a range of days, and refuse one that ends before it starts', async () => {
    const agency = await createAgency();
    const { caller } = await registryOf(agency);
    const owner = ownerSql();
    try {
      const ids = [];
      for (const subject of ['วันที่หนึ่ง', 'วันที่สอง', 'วันที่สาม']) {
        const { id } = await caller.intake.recordPaperLetter(paper(subject));
        ids.push(id);
        await caller.registry.register({ letterId: id });
      }
      // Registered on 1, 2 and 3 December (moved by the owner, as if on those days).
      for (const [i, id] of ids.entries()) {
        await owner`update register_entries set registered_at = ${`2026-12-0${i + 1}T10:00:00+07:00`}::timestamptz where tenant_id = ${agency.tenantId} and letter_id = ${id}`;
      }
      const [row] = await owner<Array<{ register_id: string }>>`select register_id from register_entries where tenant_id = ${agency.tenantId} limit 1`;
      const registerId = row!.register_id;
      const range = await caller.registry.entries({ registerId, yearBe: 2569, day: '2026-12-02', until: '2026-12-03' });
      expect(range.entries.map((e) => e.subject)).toEqual(['วันที่สอง', 'วันที่สาม']);
      const one = await caller.registry.entries({ registerId, yearBe: 2569, day: '2026-12-01' });
      expect(one.entries.map((e) => e.subject)).toEqual(['วันที่หนึ่ง']);
      expect(await errorKey(caller.registry.entries({ registerId, yearBe: 2569, day: '2026-12-03', until: '2026-12-01' }))).toBe('search_dates_inverted');
    } finally {
      await owner.end();
    }
  });
});

describe('a scanned letter fills in its own details', () => {
  it('proposes them from a scan by OCR, or from the data a PDF of record carries; stores nothing; refuses a file that is not what it says', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { renderLetterPdf } = await import('@/server/letters/render-letter');
    const { sampleLetters } = await import('@/server/letters/sample-letters');
    const { POST } = await import('@/app/api/letters/prefill/route');
    const agency = await createAgency();
    const registry = await registryOf(agency);
    const staff = await addPerson(agency, 'staff', [{ unitId: agency.rootUnitId, role: 'staff' }]);
    const ask = async (claims: object, name: string, bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), name);
      const response = await POST(new Request('http://127.0.0.1/api/letters/prefill', { method: 'POST', body: form, headers: { cookie: await sessionCookie(claims), origin: 'http://127.0.0.1' } }));
      return { status: response.status, body: await response.json() };
    };
    const letter = { ...sampleLetters.external, documentNumber: 'กค 0401/ว 321', date: '2026-11-30', subject: 'ขอความร่วมมือตอบแบบสำรวจ', addressee: 'ปลัดสำนักนายกรัฐมนตรี', urgency: 'most_urgent' as const };
    const pdf = renderLetterPdf(letter);
    // A PDF of record: its own data, exactly.
    expect(await ask(registry.claims, 'หนังสือ.pdf', pdf)).toEqual({ status: 200, body: { proposal: {
      source: 'data', documentNumber: 'กค ๐๔๐๑/ว ๓๒๑', letterDate: '2026-11-30', subject: 'ขอความร่วมมือตอบแบบสำรวจ', fromText: letter.agency.nameTh,
      toText: 'ปลัดสำนักนายกรัฐมนตรี', urgency: 'most_urgent', secrecy: 'normal',
    } } });
    // A scan of the same letter (an image, read by OCR).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'prefill-'));
    writeFileSync(path.join(dir, 'l.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '300', '-f', '1', '-l', '1', '-gray', '-png', path.join(dir, 'l.pdf'), path.join(dir, 'l')]);
    const scanned = await ask(registry.claims, 'สแกน.png', readFileSync(path.join(dir, 'l-1.png')));
    expect(scanned.status).toBe(200);
    expect(scanned.body.proposal).toMatchObject({ source: 'ocr', letterDate: '2026-11-30', subject: 'ขอความร่วมมือตอบแบบสำรวจ', fromText: letter.agency.nameTh, toText: 'ปลัดสำนักนายกรัฐมนตรี', urgency: 'most_urgent' });
    expect(scanned.body.proposal.documentNumber.replace(/\s/g, '')).toBe('กค๐๔๐๑/ว๓๒๑');
    expect(await ask(registry.claims, 'fake.pdf', Buffer.from('not a pdf'))).toMatchObject({ status: 415, body: { error: { params: { file: 'fake.pdf', kind: 'PDF' } } } });
    expect((await ask(staff.claims, 'หนังสือ.pdf', pdf)).status).toBe(403);
  }, 120_000);
});
