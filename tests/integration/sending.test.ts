import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { deliveries } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import type { DraftContent } from '@/core/draft-content';
import { findSignedDocument } from '@/server/platform/verify-document';
import { setAgencyStatus } from '@/server/platform/set-agency-status';
import { toThaiDigits } from '@/server/shared/thai-date';
import { readObject } from '@/server/storage/s3';
import { POST as attachFiles } from '@/app/api/outgoing/[letterId]/attachments/route';
import { renderPdf } from '@/server/documents/typst';
import { addPerson, callerFor, createAgency, ownerSql, PASSWORD, runJobsUntil, sessionCookie, type TestAgency, userClaims } from './factories';


function content(recipients: DraftContent['recipients'], over: Partial<DraftContent> = {}) {
  return {
    subject: 'ขอเชิญประชุมคณะทำงานพัฒนาระบบสารบรรณอิเล็กทรอนิกส์', salutation: 'เรียน', addressee: 'อธิบดีกรมปลายทาง',
    body: ['ด้วยสำนักงานจะจัดประชุมคณะทำงานในวันที่ ๑๕ ธันวาคม ๒๕๖๙ เวลา ๐๙.๓๐ น.', 'จึงเรียนมาเพื่อโปรดพิจารณา'],
    closing: 'ขอแสดงความนับถือ', signer: { name: 'นายผู้บริหาร ทดสอบ', position: 'อธิบดี' }, recipients, ...over,
  };
}

/** An agency with a clerk who drafts, a director who reviews, an executive who signs, and a registry officer who sends. */
async function office(a: TestAgency) {
  const clerk = await addPerson(a, 'clerk', [{ unitId: a.units.central, role: 'unit_clerk' }]);
  const director = await addPerson(a, 'director', [{ unitId: a.units.central, role: 'staff' }]);
  const chief = await addPerson(a, 'chief', [{ unitId: a.rootUnitId, role: 'executive' }]);
  const registry = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  return {
    ids: { clerk: clerk.id, director: director.id, chief: chief.id },
    clerk: callerFor(clerk.claims).caller, director: callerFor(director.claims).caller,
    chief: callerFor(chief.claims).caller, registry: callerFor(registry.claims).caller,
  };
}

async function draftToSigned(o: Awaited<ReturnType<typeof office>>, c: ReturnType<typeof content>, kind: 'external' | 'order' = 'external') {
  const { id } = await o.clerk.outgoing.create({ kind, content: c });
  await o.clerk.outgoing.submit({ letterId: id, reviewers: [o.ids.director], signerId: o.ids.chief });
  await o.director.outgoing.decide({ letterId: id, decision: 'approve' });
  const signed = await o.chief.outgoing.sign({ letterId: id, password: PASSWORD });
  return { id, ...signed };
}

async function errorKey(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return (e as { key?: string; code?: string }).key ?? (e as { code?: string }).code;
  }
  return 'no error';
}

describe('sending: draft → review → sign → number → deliver', () => {
  it('a draft goes up the chain, is signed with the password, numbered, PAdES-signed, verifiable, and delivered to another agency', async () => {
    const a = await createAgency('กรมผู้ส่งหนังสือ');
    const b = await createAgency('กรมผู้รับหนังสือ');
    const o = await office(a);
    const bRegistry = callerFor((await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }])).claims).caller;
    const { id } = await o.clerk.outgoing.create({ kind: 'external', content: content([{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับหนังสือ', copy: false }]) });

    // Versions are kept; a save from a stale version is refused.
    await o.clerk.outgoing.save({ letterId: id, baseVersion: 1, content: content([{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับ', copy: false }], { subject: 'ขอเชิญประชุม (แก้ไข)' }) });
    expect(await errorKey(o.clerk.outgoing.save({ letterId: id, baseVersion: 1, content: content([]) }))).toBe('draft_changed');

    // The signer must have the right to sign.
    expect(await errorKey(o.clerk.outgoing.submit({ letterId: id, reviewers: [], signerId: o.ids.director }))).toBe('signer_without_right');
    await o.clerk.outgoing.submit({ letterId: id, reviewers: [o.ids.director], signerId: o.ids.chief });
    // Returned with a reason: the owner is told, revises, submits again.
    expect(await errorKey(o.director.outgoing.decide({ letterId: id, decision: 'return' }))).toBe('reason_required');
    await o.director.outgoing.decide({ letterId: id, decision: 'return', reason: 'แก้วันที่ประชุม' });
    const returned = await o.clerk.outgoing.get({ letterId: id });
    expect(returned.letter.state).toBe('returned');
    expect(returned.steps.find((s) => s.state === 'returned')?.reason).toBe('แก้วันที่ประชุม');
    const told = await o.clerk.letters.notifications();
    expect(told.items.some((n) => n.kind === 'draft_returned' && n.title.includes('แก้วันที่ประชุม'))).toBe(true);
    await o.clerk.outgoing.save({ letterId: id, baseVersion: 2, content: content([{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับ', copy: false }], { subject: 'ขอเชิญประชุมคณะทำงาน' }) });
    await o.clerk.outgoing.submit({ letterId: id, reviewers: [o.ids.director], signerId: o.ids.chief });
    expect(await errorKey(o.chief.outgoing.sign({ letterId: id, password: PASSWORD }))).toBe('not_your_step');
    await o.director.outgoing.decide({ letterId: id, decision: 'approve' });

    // Signing: a wrong password changes nothing.
    expect(await errorKey(o.chief.outgoing.sign({ letterId: id, password: 'wrong-password' }))).toBe('wrong_password');
    expect((await o.chief.outgoing.get({ letterId: id })).letter.state).toBe('in_review');
    const signed = await o.chief.outgoing.sign({ letterId: id, password: PASSWORD });
    const year = new Date().getFullYear();
    expect(signed.documentNumber).toBe('นร 0105/1');
    const view = await o.registry.outgoing.get({ letterId: id });
    expect(view.letter).toMatchObject({ state: 'signed', documentNumber: 'นร 0105/1', numberYear: year, signerName: 'นายผู้บริหาร ทดสอบ', signedSha256: signed.sha256 });
    expect(view.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    // The drafter is told of each step; opening the letter marks its notices read.
    const unread = async () => (await o.clerk.letters.notifications()).items.filter((n) => !n.readAt).map((n) => n.kind).sort();
    expect(await unread()).toEqual(['draft_returned', 'draft_signed']);
    await o.clerk.outgoing.markRead({ letterId: id });
    expect(await unread()).toEqual([]);

    // The signed PDF: its hash is the one recorded; any PDF reader validates its signature (poppler's pdfsig here).
    const file = view.files.find((f) => f.kind === 'signed')!;
    const key = await o.registry.outgoing.file({ letterId: id, fileId: file.id });
    const bytes = await readObject(key.objectKey);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(signed.sha256);
    const dir = mkdtempSync(path.join(tmpdir(), 'signed-'));
    writeFileSync(path.join(dir, 'letter.pdf'), bytes);
    const report = execFileSync('pdfsig', [path.join(dir, 'letter.pdf')], { encoding: 'utf8' });
    expect(report).toContain('Signature is Valid');
    expect(report).toContain('ETSI.CAdES.detached');
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('นร ๐๑๐๕/๑');
    expect(text.replace(/\s+/g, '')).toContain(`/verify/${signed.verifyCode}`);
    // The same letter as DOCX for a word processor: the number, the subject, the font.
    const docx = await o.registry.outgoing.docx({ letterId: id });
    const xml = await (await JSZip.loadAsync(Buffer.from(docx.base64, 'base64'))).file('word/document.xml')!.async('string');
    expect(xml).toContain('ที่ นร ๐๑๐๕/๑');
    expect(xml).toContain('ขอเชิญประชุมคณะทำงาน');
    expect(xml).toContain('TH Sarabun New');
    // The public verification record (no subject) matches the file.
    expect(await findSignedDocument(signed.verifyCode)).toMatchObject({ documentNumber: 'นร 0105/1', sha256: signed.sha256, signerName: 'นายผู้บริหาร ทดสอบ' });

    // A signed letter cannot be edited, even by the database's app role.
    expect(await errorKey(o.clerk.outgoing.save({ letterId: id, baseVersion: 3, content: content([]) }))).toBe('signed_letter_locked');
    const sql = ownerSql();
    try {
      await expect(sql.begin(async (t) => {
        await t`set local role saraban_app`;
        await t`select set_config('app.tenant_id', ${a.tenantId}, true), set_config('app.system', 'on', true)`;
        expect(await t`select id from outgoing_letters where id = ${id}`).toHaveLength(1);
        await t`update outgoing_letters set subject = 'แก้ไขหลังลงนาม' where tenant_id = ${a.tenantId} and id = ${id}`;
      })).rejects.toThrow(/signed_letter_locked/);

      // Send: the delivery is queued with the send; sending twice is refused.
      await o.registry.outgoing.send({ letterId: id });
      expect(await errorKey(o.registry.outgoing.send({ letterId: id }))).toBe('already_sent');
      const waiting = await runJobsUntil(async () => {
        const w = await bRegistry.registry.waiting();
        return w.length > 0 && w;
      });
      expect(waiting[0]).toMatchObject({ documentNumber: 'นร 0105/1', subject: 'ขอเชิญประชุมคณะทำงาน', channel: 'platform' });
      const [received] = await bRegistry.registry.files({ letterId: waiting[0]!.id });
      expect(received!.sha256).toBe(signed.sha256);
      // Its text for search is the PDF's own (no OCR of a born-digital letter).
      const [text] = await runJobsUntil(async () => {
        const t = await bRegistry.intake.texts({ letterId: waiting[0]!.id });
        return t.length > 0 && t;
      });
      expect(text!.source).toBe('embedded');
      expect(text!.text.replace(/\s+/g, '')).toContain('ขอเชิญประชุมคณะทำงาน');
      const sent = await o.registry.outgoing.get({ letterId: id });
      expect(sent.deliveries[0]).toMatchObject({ state: 'delivered', recipientTenantId: b.tenantId });
      const receipt = await bRegistry.registry.register({ letterId: waiting[0]!.id });
      await runJobsUntil(async () => (await o.registry.outgoing.get({ letterId: id })).deliveries[0]!.state === 'registered');

      // The send register: the line with the regulation's columns; การปฏิบัติ follows the delivery.
      // (kept by the owner unit, กองกลาง, which has its own owner number 0105)
      const sendRegister = (await o.clerk.registry.registers()).find((r) => r.kind === 'send')!;
      const listing = await o.clerk.registry.entries({ registerId: sendRegister.id, yearBe: year + 543 });
      expect(listing.entries).toHaveLength(1);
      expect(listing.entries[0]).toMatchObject({ number: 1, documentNumber: 'นร 0105/1', subject: 'ขอเชิญประชุมคณะทำงาน', toText: 'อธิบดีกรมปลายทาง, กรมผู้รับ' });
      expect(listing.entries[0]!.actions).toContain(`ลงรับแล้ว เลขรับ ${toThaiDigits(String(receipt.number))}`);
      const { registerPdf } = await import('@/server/registry/register-documents');
      const pdfText = execFileSync('pdftotext', ['-', '-'], { input: await registerPdf(listing, { agencyName: 'กรมผู้ส่ง', thaiDigits: true }), encoding: 'utf8' });
      expect(pdfText).toContain('นร ๐๑๐๕/๑');
      expect(pdfText).toContain('ทะเบียนหนังสือส่ง');
    } finally {
      await sql.end();
    }
  });

  it('numbers have no gap and no duplicate when signers sign at once; orders have their own yearly sequence', async () => {
    const a = await createAgency('กรมทดสอบเลขหนังสือ');
    const b = await createAgency('กรมผู้รับ');
    const o = await office(a);
    const letters = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
      const { id } = await o.clerk.outgoing.create({ kind: 'external', content: content([{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับ', copy: false }], { subject: `เรื่องที่ ${i + 1}` }) });
      await o.clerk.outgoing.submit({ letterId: id, reviewers: [], signerId: o.ids.chief });
      return id;
    }));
    const numbers = await Promise.all(letters.map((letterId) => o.chief.outgoing.sign({ letterId, password: PASSWORD })));
    expect(numbers.map((n) => n.documentNumber).sort()).toEqual(['นร 0105/1', 'นร 0105/2', 'นร 0105/3', 'นร 0105/4', 'นร 0105/5', 'นร 0105/6']);
    const order = await draftToSigned(o, content([]), 'order');
    expect(order.documentNumber).toBe(`1/${new Date().getFullYear() + 543}`);
  });

  it('refuses bad sends with a clear reason and sends nothing: no recipient, a disabled agency, ลับที่สุด, a classified letter to e-mail', async () => {
    const a = await createAgency('กรมทดสอบการส่ง');
    const c = await createAgency('กรมที่จะถูกระงับ');
    const o = await office(a);
    const empty = await o.clerk.outgoing.create({ kind: 'external', content: content([]) });
    expect(await errorKey(o.clerk.outgoing.submit({ letterId: empty.id, reviewers: [], signerId: o.ids.chief }))).toBe('no_recipients');
    expect(await errorKey(o.clerk.outgoing.create({ kind: 'external', content: content([], { secrecy: 'top_secret' as never }) }))).toBe('BAD_REQUEST');
    expect(await errorKey(o.clerk.outgoing.create({ kind: 'external', content: content([], { subject: 'ก'.repeat(5000) }) }))).toBe('BAD_REQUEST');

    const toC = await draftToSigned(o, content([{ kind: 'agency', tenantId: c.tenantId, name: 'กรมที่จะถูกระงับ', copy: false }]));
    // Another unit's clerk may not send กองกลาง's letter (its own unit, the central registry or its author may): they do not even see it.
    const financeClerk = callerFor((await addPerson(a, 'financeclerk', [{ unitId: a.units.finance, role: 'unit_clerk' }])).claims).caller;
    expect(await errorKey(financeClerk.outgoing.send({ letterId: toC.id }))).toBe('not_found');
    expect((await financeClerk.outgoing.list()).toSend).toEqual([]);
    expect((await o.registry.outgoing.list()).toSend.map((l) => l.id)).toContain(toC.id);
    await setAgencyStatus({ id: crypto.randomUUID(), fullName: 'ผู้ทดสอบ' }, { agencyId: c.tenantId, status: 'disabled' });
    expect(await errorKey(o.registry.outgoing.send({ letterId: toC.id }))).toBe('recipient_disabled');
    expect((await o.registry.outgoing.get({ letterId: toC.id })).letter.state).toBe('signed');
    const none = await runInTenant({ tenantId: a.tenantId, userId: null }, (tx) => tx.select().from(deliveries).where(eq(deliveries.tenantId, a.tenantId)));
    expect(none).toHaveLength(0);

    const clearedClerk = o.clerk; // not cleared: a classified draft is refused by RLS on insert
    expect(await errorKey(clearedClerk.outgoing.create({ kind: 'external', content: content([{ kind: 'email', address: 'x@example.org', name: '', copy: false }], { secrecy: 'confidential' }) }))).not.toBe('no error');
  });

  it('HTML in a subject stays text in the PDF', async () => {
    const a = await createAgency('กรมทดสอบข้อความ');
    const b = await createAgency('กรมผู้รับ');
    const o = await office(a);
    const signed = await draftToSigned(o, content([{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับ', copy: false }], { subject: '<script>alert(1)</script> ประชุม' }));
    const view = await o.registry.outgoing.get({ letterId: signed.id });
    const file = await o.registry.outgoing.file({ letterId: signed.id, fileId: view.files[0]!.id });
    const dir = mkdtempSync(path.join(tmpdir(), 'signed-'));
    writeFileSync(path.join(dir, 'l.pdf'), await readObject(file.objectKey));
    expect(execFileSync('pdftotext', [path.join(dir, 'l.pdf'), '-'], { encoding: 'utf8' })).toContain('<script>alert(๑)</script>');
  });
});

describe('attachments of a draft (สิ่งที่ส่งมาด้วย)', () => {
  async function attach(letterId: string, cookie: string, files: Array<[string, Buffer]>) {
    const form = new FormData();
    for (const [name, data] of files) form.append('files', new Blob([new Uint8Array(data)]), name);
    const response = await attachFiles(new Request(`http://127.0.0.1/api/outgoing/${letterId}/attachments`, { method: 'POST', body: form, headers: { cookie } }), { params: Promise.resolve({ letterId }) });
    return { status: response.status, body: await response.json() as { added?: number; error?: { messageKey: string } } };
  }

  it('are checked by content, taken off again while a draft, sent with the signed letter, and frozen once signed', async () => {
    const a = await createAgency('กรมผู้ส่งพร้อมไฟล์แนบ');
    const b = await createAgency('กรมผู้รับไฟล์แนบ');
    const o = await office(a);
    const clerk = await sessionCookie((await addPerson(a, 'clerk2', [{ unitId: a.units.central, role: 'unit_clerk' }])).claims);
    const owner = await sessionCookie(await userClaims(a.tenantId, (await o.clerk.me.get()).user.id));
    const bRegistry = callerFor((await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }])).claims).caller;
    const { id } = await o.clerk.outgoing.create({ kind: 'external', content: content([{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับ', copy: false }], { enclosures: ['แผนการดำเนินงาน จำนวน ๑ ชุด'] }) });
    const plan = renderPdf('#set text(font: "Sarabun", size: 16pt)\nแผนการดำเนินงาน', {});

    // Not the owner (a colleague does not even see the draft): refused before a byte is stored. A file that is not what its name says: refused.
    expect((await attach(id, clerk, [['แผน.pdf', plan]])).body.error?.messageKey).toBe('not_found');
    expect((await attach(id, owner, [['แผน.pdf', Buffer.from('not a pdf at all')]])).body.error).toMatchObject({ messageKey: 'file_type_mismatch', params: { file: 'แผน.pdf', kind: 'PDF' } });
    expect(await attach(id, owner, [['แผน.pdf', plan], ['แผนสำรอง.pdf', plan]])).toEqual({ status: 200, body: { added: 2 } });
    const spare = (await o.clerk.outgoing.get({ letterId: id })).files.find((f) => f.fileName === 'แผนสำรอง.pdf')!;
    await o.clerk.outgoing.removeAttachment({ letterId: id, fileId: spare.id });
    expect((await o.clerk.outgoing.get({ letterId: id })).files.map((f) => f.fileName)).toEqual(['แผน.pdf']);

    await o.clerk.outgoing.submit({ letterId: id, reviewers: [], signerId: o.ids.chief });
    await o.chief.outgoing.sign({ letterId: id, password: PASSWORD });
    expect((await attach(id, owner, [['เพิ่มเติม.pdf', plan]])).body.error?.messageKey).toBe('draft_not_editable');
    const attached = (await o.clerk.outgoing.get({ letterId: id })).files.find((f) => f.kind === 'attachment')!;
    expect(await errorKey(o.clerk.outgoing.removeAttachment({ letterId: id, fileId: attached.id }))).toBe('signed_letter_locked');

    await o.registry.outgoing.send({ letterId: id });
    const waiting = await runJobsUntil(async () => {
      const w = await bRegistry.registry.waiting();
      return w.length > 0 && w;
    });
    const files = await bRegistry.registry.files({ letterId: waiting[0]!.id });
    expect(files.map((f) => f.fileName)).toEqual([expect.stringMatching(/\.pdf$/), 'แผน.pdf']);
    expect(files[1]!.objectKey.startsWith(`tenants/${b.tenantId}/`)).toBe(true);
    expect(Buffer.compare(await readObject(files[1]!.objectKey), plan)).toBe(0);
  });
});

describe('the agency’s signing certificate', () => {
  const pem = (b64: string) => `-----BEGIN PRIVATE KEY-----\n${b64.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;

  it('an imported certificate signs the next letters; a key that is not its pair, or text that is no certificate, is refused', async () => {
    const a = await createAgency('กรมที่มีใบรับรองของตนเอง');
    const b = await createAgency('กรมผู้รับ');
    const o = await office(a);
    const admin = callerFor(a.adminClaims).caller;
    const { generateAgencyCertificate } = await import('@/server/signing/agency-certificate');
    const ours = await generateAgencyCertificate({ nameTh: 'ใบรับรองจากผู้ออกใบรับรองของกรม', nameEn: 'Imported CA cert', code: 'imp' });
    const other = await generateAgencyCertificate({ nameTh: 'อีกใบ', nameEn: '', code: 'x' });

    expect(await errorKey(admin.agency.importCertificate({ certificatePem: ours.certificatePem, privateKeyPem: pem(other.privateKeyPkcs8) }))).toBe('certificate_key_mismatch');
    expect(await errorKey(admin.agency.importCertificate({ certificatePem: 'not a certificate', privateKeyPem: pem(ours.privateKeyPkcs8) }))).toBe('BAD_REQUEST');
    expect(await admin.agency.certificate()).toBeNull();
    await admin.agency.importCertificate({ certificatePem: ours.certificatePem, privateKeyPem: pem(ours.privateKeyPkcs8) });
    expect(await admin.agency.certificate()).toMatchObject({ subject: 'ใบรับรองจากผู้ออกใบรับรองของกรม', source: 'imported' });

    const signed = await draftToSigned(o, content([{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับ', copy: false }]));
    const view = await o.registry.outgoing.get({ letterId: signed.id });
    const file = await o.registry.outgoing.file({ letterId: signed.id, fileId: view.files[0]!.id });
    const dir = mkdtempSync(path.join(tmpdir(), 'signed-'));
    writeFileSync(path.join(dir, 'l.pdf'), await readObject(file.objectKey));
    const report = execFileSync('pdfsig', [path.join(dir, 'l.pdf')], { encoding: 'utf8' });
    expect(report).toContain('Signer Certificate Common Name: ใบรับรองจากผู้ออกใบรับรองของกรม');
    expect(report).toContain('Signature is Valid');
  });
});

describe('the agency’s default review chain', () => {
  it('is set by the admin with a signer who may sign, and survives other settings changes', async () => {
    const a = await createAgency('กรมที่กำหนดลำดับการเสนอ');
    const o = await office(a);
    const admin = callerFor(a.adminClaims).caller;
    expect(await errorKey(admin.agency.setReviewChain({ reviewers: [], signerId: o.ids.director }))).toBe('signer_without_right');
    await admin.agency.setReviewChain({ reviewers: [o.ids.director], signerId: o.ids.chief });
    const settings = (await admin.agency.get()).settings;
    await admin.agency.updateSettings({ address: 'ที่อยู่ใหม่', phone: '', email: '', thaiDigits: false, dateStyle: 'full' });
    expect((await admin.agency.get()).settings).toMatchObject({ thaiDigits: false, reviewChain: { reviewers: [o.ids.director], signerId: o.ids.chief } });
    expect(settings.reviewChain).toEqual({ reviewers: [o.ids.director], signerId: o.ids.chief });
  });
});

describe('changing a signed letter', () => {
  it('makes a new draft that must be signed again with a new number; the signed one is kept, superseded, and never sent', async () => {
    const a = await createAgency('กรมที่แก้ไขหนังสือหลังลงนาม');
    const b = await createAgency('กรมผู้รับ');
    const o = await office(a);
    const first = await draftToSigned(o, content([{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับ', copy: false }]));
    expect(await errorKey(o.registry.outgoing.revise({ letterId: first.id, reason: 'แก้วันประชุม' }))).toBe('draft_not_editable');
    const { id } = await o.clerk.outgoing.revise({ letterId: first.id, reason: 'แก้วันประชุม' });
    expect(await errorKey(o.clerk.outgoing.revise({ letterId: first.id, reason: 'อีกครั้ง' }))).toBe('letter_superseded');
    expect(await errorKey(o.registry.outgoing.send({ letterId: first.id }))).toBe('letter_superseded');
    const old = await o.registry.outgoing.get({ letterId: first.id });
    expect(old.letter).toMatchObject({ state: 'signed', supersededBy: id, documentNumber: first.documentNumber });
    expect(old.can.send).toBe(false);

    const revised = await o.clerk.outgoing.get({ letterId: id });
    expect(revised.letter.state).toBe('draft');
    expect(revised.versions[0]!.note).toContain('แก้วันประชุม');
    await o.clerk.outgoing.save({ letterId: id, baseVersion: 1, content: content([{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับ', copy: false }], { body: ['ประชุมวันที่ ๑๖ ธันวาคม ๒๕๖๙'] }) });
    await o.clerk.outgoing.submit({ letterId: id, reviewers: [], signerId: o.ids.chief });
    const again = await o.chief.outgoing.sign({ letterId: id, password: PASSWORD });
    expect(again.documentNumber).toBe('นร 0105/2');

    // The register keeps both lines; the first says why it was not sent.
    const register = (await o.clerk.registry.registers()).find((r) => r.kind === 'send')!;
    const lines = (await o.clerk.registry.entries({ registerId: register.id, yearBe: new Date().getFullYear() + 543 })).entries;
    expect(lines.map((l) => [l.number, l.remarks])).toEqual([[1, 'ไม่ได้ส่ง แก้ไขเป็นฉบับใหม่: แก้วันประชุม'], [2, '']]);
  });
});
