import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { TRPCError, type AnyProcedure } from '@trpc/server';
import type { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@/server/routers/_app';
import { sampleInput } from './sample-input';
import ExcelJS from 'exceljs';
import { GET as getFile } from '@/app/api/letters/[letterId]/files/[fileId]/route';
import { GET as exportRegister } from '@/app/api/registers/[registerId]/export/route';
import { createHash } from 'node:crypto';
import { detailsContext, draftContext, fileContext, openFile, openJson, openText, sealFile, sealJson, readRecoveryKey, SealBroken, sealText, sodium, unwrapKey, wrapKey } from '@/core/classified-crypto';
import JSZip from 'jszip';
import { POST as attachFiles } from '@/app/api/outgoing/[letterId]/attachments/route';
import { GET as getOutgoingFile } from '@/app/api/outgoing/[letterId]/files/[fileId]/route';
import { renderPdf } from '@/server/documents/typst';
import { bucket, s3 } from '@/server/storage/s3';
import { draftSealed, openDetails, openSealedFile, recordSealed, setUpKey, setUpRecovery, unlock, wrapFor, type Officer } from './classified-support';
import { addPerson, callerFor, createAgency, grantClearance, headOfAgency, operatorClaims, ownerSql, PASSWORD, runJobsUntil, sessionCookie, type TestAgency } from './factories';

const MARKER = 'SARABAN-LEAK-MARKER-7F3A';
const SUBJECT = 'ขอความร่วมมือตรวจสอบแผนการเคลื่อนย้ายกำลังพลชายแดนภาคตะวันออก';
const REMARKS = 'หมายเหตุลับเฉพาะผู้ได้รับแต่งตั้งเท่านั้นห้ามเผยแพร่';
const NOTE = 'โปรดตรวจสอบเส้นทางเคลื่อนย้ายกำลังพลก่อนวันที่สิบห้า';
const ACTION = 'ตรวจสอบเส้นทางแล้วพบจุดเสี่ยงสามแห่ง';

let a: TestAgency;
let registry: Officer;
let deputy: Officer;
let clerk: Awaited<ReturnType<typeof addPerson>>;
let scan: Uint8Array;
let recovery: Awaited<ReturnType<typeof setUpRecovery>>;

const letter = (extra: Partial<Parameters<typeof recordSealed>[1]> = {}) => ({
  documentNumber: 'กห 0201/ลับ 17', letterDate: '2026-11-20', fromText: 'กระทรวงกลาโหม', toText: 'อธิบดี',
  subject: SUBJECT, remarks: REMARKS, secrecy: 'secret' as const, files: [{ name: 'สแกน.pdf', type: 'application/pdf', bytes: scan }], ...extra,
});

async function failure(p: Promise<unknown>) {
  return p.then(() => { throw new Error('expected a refusal'); }, (e: { message: string }) => e);
}

/** The whole database as pg_dump writes it (every schema, every table, every row): what a leaked dump would reveal. */
function everyRow() {
  return execFileSync('pg_dump', ['--no-owner', '--no-privileges', process.env.TEST_OWNER_URL!], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
}

async function everyObject(prefix: string) {
  const listed = await s3().send(new ListObjectsV2Command({ Bucket: bucket(), Prefix: prefix }));
  return Promise.all((listed.Contents ?? []).map(async (o) => Buffer.from(await (await s3().send(new GetObjectCommand({ Bucket: bucket(), Key: o.Key! }))).Body!.transformToByteArray())));
}

/** An executive of agency a, appointed and cleared for ลับมาก, with a classified key: who signs the drafts. */
async function appointedSigner(username: string) {
  const person = await addPerson(a, username, [{ unitId: a.rootUnitId, role: 'executive' }]);
  await grantClearance(a, person.id, 'secret');
  return { person, officer: await setUpKey(person.claims) };
}

/** A classified draft's attachments as its page uploads them (POST /api/outgoing/[letterId]/attachments). */
async function attach(letterId: string, claims: Officer['claims'], parts: Array<[string, Blob, string?]>, names?: Record<string, string>) {
  const form = new FormData();
  if (names) form.set('names', JSON.stringify(names));
  for (const [field, blob, name] of parts) form.append(field, blob, name ?? 'file');
  const response = await attachFiles(new Request(`http://127.0.0.1/api/outgoing/${letterId}/attachments`, { method: 'POST', body: form, headers: { cookie: await sessionCookie(claims) } }),
    { params: Promise.resolve({ letterId }) });
  return { status: response.status, body: await response.json() as { added?: number; error?: { messageKey: string } } };
}

beforeAll(async () => {
  scan = new Uint8Array(renderPdf(`#set document(title: "${MARKER}")\n#set page(width: 10cm, height: 6cm)\n= ${MARKER}\nเอกสารลับทดสอบ`, {}));
  // The marker is plain bytes of the scan (its title), so a copy of the scan anywhere would show it.
  expect(Buffer.from(scan).includes(MARKER)).toBe(true);
  a = await createAgency();
  const head = await headOfAgency(a);
  const officer = await addPerson(a, 'registry', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
  const second = await addPerson(a, 'deputy', [{ unitId: a.units.central, role: 'staff' }]);
  clerk = await addPerson(a, 'clerk', [{ unitId: a.rootUnitId, role: 'unit_clerk' }]);
  await grantClearance(a, officer.id, 'secret');
  await grantClearance(a, second.id, 'secret');
  registry = await setUpKey(officer.claims, 'ทะเบียนลับ-ผ่าน-9');
  deputy = await setUpKey(second.claims);
  void head;
}, 60_000);

describe('a classified paper letter', () => {
  it('is refused until the agency has a recovery key, and in the clear at all', async () => {
    const refused = await recordSealed(registry, letter());
    expect(refused.status).toBe(409);
    expect(refused.body.error?.messageKey).toBe('classified_recovery_key_missing');
    recovery = await setUpRecovery((await headOfAgency(a)).claims);
    const plain = await failure(callerFor(registry.claims).caller.intake.recordPaperLetter({
      documentNumber: '1', letterDate: '2026-11-20', fromText: 'x', toText: 'y', subject: SUBJECT, secrecy: 'confidential',
    }));
    expect(plain.message).toBe('classified_sealed_required');
    const uncleared = await failure(callerFor(clerk.claims).caller.intake.recordPaperLetter({
      documentNumber: '1', letterDate: '2026-11-20', fromText: 'x', toText: 'y', subject: SUBJECT, secrecy: 'confidential',
    }));
    expect(uncleared.message).toBe('clearance_required');
  });

  it('is kept only sealed, registered in the classified register, opened by its holders, routed only to named cleared people', async () => {
    const recorded = await recordSealed(registry, letter());
    expect(recorded.body).toEqual({ id: recorded.letterId, files: 1 });
    expect(recorded.status).toBe(200);
    const id = recorded.letterId;
    const reg = callerFor(registry.claims).caller;
    const registered = await reg.registry.register({ letterId: id });
    expect(registered.registerName).toContain('ลับ');

    // The recorder opens it in their browser: details and the scan, byte for byte.
    const { contentKey, details } = await openDetails(registry, id);
    expect(details.subject).toBe(SUBJECT);
    expect(details.files[0]!.name).toBe('สแกน.pdf');
    const response = await getFile(new Request(`http://127.0.0.1/api/letters/${id}/files/${recorded.fileIds[0]}`, { headers: { cookie: await sessionCookie(registry.claims) } }),
      { params: Promise.resolve({ letterId: id, fileId: recorded.fileIds[0]! }) });
    expect(response.status).toBe(200);
    const openedScan = await openSealedFile(contentKey, id, recorded.fileIds[0]!, new Uint8Array(await response.arrayBuffer()));
    expect(Buffer.from(openedScan).equals(Buffer.from(scan))).toBe(true);

    // Routing: never to a unit, never to the uncleared, never without the key wrapped for the person.
    const unit = await failure(reg.letters.route({ letterId: id, note: '', targets: [{ unitId: a.units.central, purpose: 'action' }] }));
    expect(unit.message).toBe('classified_route_unit_refused');
    const uncleared = await failure(reg.letters.route({ letterId: id, note: '', targets: [{ userId: clerk.id, purpose: 'action' }] }));
    expect(uncleared.message).toBe('route_person_not_cleared');
    const deputyId = deputy.claims.userId;
    const keyless = await failure(reg.letters.route({ letterId: id, note: '', targets: [{ userId: deputyId, purpose: 'action' }] }));
    expect(keyless.message).toBe('classified_key_missing');
    const readers = await reg.classified.readers({ secrecy: 'secret' });
    expect(readers.map((r) => r.id)).toEqual(expect.arrayContaining([deputyId]));
    expect(readers.some((r) => r.id === clerk.id)).toBe(false);
    const keys = await wrapFor(contentKey, id, readers.filter((r) => r.id === deputyId));
    // A key only for the people it is routed to: one for anyone else is refused.
    const extra = await failure(reg.letters.route({ letterId: id, note: '', targets: [{ userId: deputyId, purpose: 'action' }], keys: await wrapFor(contentKey, id, readers) }));
    expect(readers.length).toBeGreaterThan(1);
    expect(extra.message).toBe('invalid_input');
    // A note on it must come sealed too, or it is refused.
    const plainNote = await failure(reg.letters.route({ letterId: id, note: NOTE, targets: [{ userId: deputyId, purpose: 'action' }], keys }));
    expect(plainNote.message).toBe('classified_sealed_required');
    await reg.letters.route({ letterId: id, note: sealText(s, contentKey, id, NOTE), targets: [{ userId: deputyId, purpose: 'action' }], keys });
    const opened = await openDetails(deputy, id);
    expect(opened.details.subject).toBe(SUBJECT);
    const view = await callerFor(deputy.claims).caller.letters.get({ letterId: id });
    expect(openText(s, opened.contentKey, id, view.parts[0]!.note)).toBe(NOTE);
    const part = view.parts.find((p) => p.mine)!;
    expect((await failure(callerFor(deputy.claims).caller.letters.recordAction({ assignmentId: part.id, text: ACTION, close: true }))).message).toBe('classified_sealed_required');
    await callerFor(deputy.claims).caller.letters.recordAction({ assignmentId: part.id, text: sealText(s, opened.contentKey, id, ACTION), close: true });
    // A list page's keys: only for letters the person holds a key for, each hand-out recorded.
    const pageKeys = await callerFor(deputy.claims).caller.classified.letterKeys({ letterIds: [id, randomUUID()] });
    expect(pageKeys.map((k) => k.letterId)).toEqual([id]);
    expect(await callerFor(clerk.claims).caller.classified.letterKeys({ letterIds: [id] })).toEqual([]);

    // Nothing of it in the deputy's notification, nor anywhere the uncleared look.
    const notes = await callerFor(deputy.claims).caller.letters.notifications();
    const note = notes.items.find((n) => n.letterId === id)!;
    expect(note.title).toBe('');
    const clerkCaller = callerFor(clerk.claims).caller;
    expect((await failure(clerkCaller.letters.get({ letterId: id }))).message).toBe('not_found');
    expect((await failure(clerkCaller.classified.letterKey({ letterId: id }))).message).toBe('not_found');

    // Nowhere in the database or the bucket: not the subject, the remarks, the marker or the scan.
    const dump = everyRow();
    for (const secret of [SUBJECT, REMARKS, MARKER, 'สแกน.pdf', NOTE, ACTION]) expect(dump).not.toContain(secret);
    const objects = await everyObject(`tenants/${a.tenantId}/`);
    expect(objects.length).toBeGreaterThan(0);
    const scanHead = Buffer.from(scan.subarray(0, 64));
    for (const o of objects) {
      expect(o.includes(MARKER)).toBe(false);
      expect(o.includes(scanHead)).toBe(false);
    }
    // No receipt stamp was drawn on ciphertext, and no OCR read it.
    const owner = ownerSql();
    try {
      const jobs = await owner`select task, payload::text from outbox.jobs where payload->>'letterId' = ${id}`;
      expect(jobs.filter((j) => j.task === 'letter.ocr' || j.task === 'letter.stamp-receipt')).toEqual([]);
    } finally {
      await owner.end();
    }
  });

  it('whose ids (chosen in the browser) are taken already is refused as bad input, changing nothing', async () => {
    const first = await recordSealed(registry, letter());
    const again = await recordSealed(registry, letter(), { letterId: first.letterId });
    expect(again.status).toBe(400);
    expect(again.body.error?.messageKey).toBe('invalid_input');
  });

  it('is out of reach once a reader\'s clearance is withdrawn; a tampered key fails to open', async () => {
    const { letterId } = await recordSealed(registry, letter({ secrecy: 'confidential' }));
    const reg = callerFor(registry.claims).caller;
    await reg.registry.register({ letterId });
    const { contentKey } = await openDetails(registry, letterId);
    const deputyId = deputy.claims.userId;
    const readers = (await reg.classified.readers({ secrecy: 'confidential' })).filter((r) => r.id === deputyId);
    await reg.letters.route({ letterId, note: '', targets: [{ userId: deputyId, purpose: 'information' }], keys: await wrapFor(contentKey, letterId, readers) });

    const owner = ownerSql();
    try {
      const [wrap] = await owner`select wrapped from letter_keys where tenant_id = ${a.tenantId} and letter_id = ${letterId} and user_id = ${deputyId}`;
      const bytes = Buffer.from(wrap!.wrapped, 'base64');
      bytes[10]! ^= 1;
      await owner`update letter_keys set wrapped = ${bytes.toString('base64')} where tenant_id = ${a.tenantId} and letter_id = ${letterId} and user_id = ${deputyId}`;
      const tampered = await callerFor(deputy.claims).caller.classified.letterKey({ letterId });
      expect(() => unwrapKey(s, tampered.wrapped, letterId, deputy.keys)).toThrow(SealBroken);

      await callerFor(a.adminClaims).caller.people.setClearance({ userId: deputyId, clearance: 'none', classifiedAppointed: false });
      const left = await owner`select count(*)::int as n from letter_keys where tenant_id = ${a.tenantId} and user_id = ${deputyId}`;
      expect(left[0]!.n).toBe(0);
    } finally {
      await owner.end();
    }
    expect((await failure(callerFor(deputy.claims).caller.classified.letterKey({ letterId }))).message).toMatch(/not_found|clearance_required/);
  });
});

let s: Awaited<ReturnType<typeof sodium>>;
beforeAll(async () => { s = await sodium(); });

describe('a classified reply drafted, signed and sent to another agency (the leak test)', () => {
  const DRAFT_SUBJECT = 'รายงานผลการตรวจสอบเส้นทางเคลื่อนย้ายกำลังพลชายแดน';
  const DRAFT_BODY = 'ตามที่ ได้รับ มอบหมาย ให้ ตรวจสอบ เส้นทาง เคลื่อนย้าย กำลังพล บริเวณ ชายแดน ภาคตะวันออก นั้น บัดนี้ ได้ ดำเนินการ แล้วเสร็จ';
  const COMMENT = 'ขอให้ระบุจุดเสี่ยงทั้งสามแห่งไว้ในสิ่งที่ส่งมาด้วย';
  const B_NOTE = 'มอบให้ตรวจสอบและรายงานภายในสามวัน';

  it('keeps the paper letter, the reply and its signed PDF only sealed, in both agencies; the receiving officers alone open it', async () => {
    // The paper letter that is answered: recorded with its scan, registered and routed.
    const paper = await recordSealed(registry, letter());
    const reg = callerFor(registry.claims).caller;
    await grantClearance(a, deputy.claims.userId, 'secret'); // withdrawn by an earlier test
    await reg.registry.register({ letterId: paper.letterId });
    const paperKey = (await openDetails(registry, paper.letterId)).contentKey;
    const deputyReaders = (await reg.classified.readers({ secrecy: 'secret' })).filter((r) => r.id === deputy.claims.userId);
    await reg.letters.route({
      letterId: paper.letterId, note: sealText(s, paperKey, paper.letterId, NOTE), targets: [{ userId: deputy.claims.userId, purpose: 'action' }],
      keys: await wrapFor(paperKey, paper.letterId, deputyReaders),
    });

    // The receiving agency: an appointed registry officer with a key, a cleared deputy, an uncleared clerk.
    const b = await createAgency('กรมผู้รับหนังสือลับ');
    const bHead = await headOfAgency(b);
    const bOfficer = await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }]);
    const bDeputy = await addPerson(b, 'deputy', [{ unitId: b.units.central, role: 'staff' }]);
    const bClerk = await addPerson(b, 'clerk', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }]);
    await grantClearance(b, bOfficer.id, 'secret');
    await grantClearance(b, bDeputy.id, 'secret');
    const receiver = await setUpKey(bOfficer.claims);
    const emails = ownerSql();
    await emails`update users set email = 'registry@receiver.example.go.th' where tenant_id = ${b.tenantId} and id = ${bOfficer.id}`;
    await emails.end();
    const bReader = await setUpKey(bDeputy.claims);

    const { person: chief, officer: signer } = await appointedSigner('chief');
    const content = {
      subject: DRAFT_SUBJECT, addressee: 'อธิบดี', body: [DRAFT_BODY], closing: 'ขอแสดงความนับถือ', signer: { name: 'นายหัวหน้า ทดสอบ', position: 'อธิบดี' },
      secrecy: 'secret', recipients: [{ kind: 'agency', tenantId: b.tenantId, name: 'กรมผู้รับหนังสือลับ', copy: false }], replyToLetterId: paper.letterId,
    };
    // In the clear, or without its key wrapped: refused.
    expect((await failure(reg.outgoing.create({ kind: 'external', content: content as never }))).message).toBe('classified_sealed_required');
    const draft = await draftSealed(registry, content);
    const got = await reg.outgoing.get({ letterId: draft.id });
    expect(got.letter.subject).toBe('');
    expect(got.content.body).toEqual([]);
    const mine = await reg.classified.outgoingKey({ letterId: draft.id });
    const key = unwrapKey(s, mine.wrapped, draft.id, registry.keys);
    expect(openJson<{ subject: string }>(s, key, draftContext(draft.id, 1), got.sealedContent!).subject).toBe(DRAFT_SUBJECT);

    // Saving takes the letter's own key; a wrong one, none, or a change of secrecy is refused.
    const other = s.to_base64(s.crypto_aead_xchacha20poly1305_ietf_keygen(), s.base64_variants.ORIGINAL);
    expect((await failure(reg.outgoing.save({ letterId: draft.id, baseVersion: 1, content: content as never, contentKey: other }))).message).toBe('classified_key_missing');
    expect((await failure(reg.outgoing.save({ letterId: draft.id, baseVersion: 1, content: content as never }))).message).toBe('classified_sealed_required');
    expect((await failure(reg.outgoing.save({ letterId: draft.id, baseVersion: 1, content: { ...content, secrecy: 'normal' } as never, contentKey: draft.contentKey }))).message)
      .toBe('classified_secrecy_change_refused');
    await reg.outgoing.save({ letterId: draft.id, baseVersion: 1, content: { ...content, body: [DRAFT_BODY, 'จึงเรียนมาเพื่อโปรดทราบ'] } as never, contentKey: draft.contentKey });

    // Comments come sealed; plain ones are refused.
    expect((await failure(reg.outgoing.comment({ letterId: draft.id, body: COMMENT }))).message).toBe('classified_sealed_required');
    await reg.outgoing.comment({ letterId: draft.id, body: sealText(s, key, draft.id, COMMENT) });
    // The paper letter's scan goes with it as an attachment, sealed here with the reply's key.
    const attachmentId = randomUUID();
    const sealedScan = await sealFile(s, key, fileContext(draft.id, attachmentId), scan);
    expect((await attach(draft.id, registry.claims, [[`sealed:${attachmentId}`, new Blob([new Uint8Array(sealedScan)])]], { [attachmentId]: sealText(s, key, draft.id, 'สแกน.pdf') })).status).toBe(200);

    // Submitted to the signer only with the key wrapped for them.
    expect((await failure(reg.outgoing.submit({ letterId: draft.id, reviewers: [], signerId: chief.id }))).message).toBe('classified_key_missing');
    const readers = (await reg.classified.readers({ secrecy: 'secret' })).filter((r) => r.id === chief.id);
    await reg.outgoing.submit({ letterId: draft.id, reviewers: [], signerId: chief.id, keys: await wrapFor(key, draft.id, readers) });

    // The signer opens it with their own key and signs, handing the key over for the signing only.
    const chiefCaller = callerFor(chief.claims).caller;
    const theirs = unwrapKey(s, (await chiefCaller.classified.outgoingKey({ letterId: draft.id })).wrapped, draft.id, signer.keys);
    expect((await failure(chiefCaller.outgoing.sign({ letterId: draft.id, password: PASSWORD }))).message).toBe('classified_sealed_required');
    const signed = await chiefCaller.outgoing.sign({ letterId: draft.id, password: PASSWORD, contentKey: s.to_base64(theirs, s.base64_variants.ORIGINAL) });
    expect(signed.documentNumber).not.toBe('');
    const view = await reg.outgoing.get({ letterId: draft.id });
    const file = view.files.find((f) => f.kind === 'signed')!;
    expect(file.sealed).toBe(true);
    expect((await failure(reg.outgoing.signedPages({ letterId: draft.id }))).message).toBe('classified_sealed_required');
    const stored = await reg.outgoing.file({ letterId: draft.id, fileId: file.id });
    const bytes = await everyObject(stored.objectKey);
    const pdf = await openFile(s, key, fileContext(draft.id, file.id), new Uint8Array(bytes[0]!));
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(signed.sha256);

    // Sending: only sealed, for keys the directory lists for the receiving agency, its recovery key included.
    expect((await failure(reg.outgoing.send({ letterId: draft.id }))).message).toBe('classified_sealed_required');
    const details = sealJson(s, key, detailsContext(draft.id), {
      subject: DRAFT_SUBJECT, remarks: '', files: [{ id: file.id, name: file.fileName, type: 'application/pdf' }, { id: attachmentId, name: 'สแกน.pdf', type: 'application/pdf' }],
    });
    const [noRecovery] = await reg.classified.sendingKeys({ letterId: draft.id });
    expect(noRecovery!.recovery).toBeNull();
    expect(noRecovery!.officers.map((o) => o.userId).sort()).toEqual([bOfficer.id, bDeputy.id].sort());
    const refusedUnready = await failure(reg.outgoing.send({ letterId: draft.id, sealed: { details, agencies: [{ tenantId: b.tenantId, keys: await wrapFor(key, draft.id, noRecovery!.officers) }] } }));
    expect(refusedUnready.message).toBe('recipient_classified_unready');
    await setUpRecovery(bHead.claims);
    const [target] = await reg.classified.sendingKeys({ letterId: draft.id });
    expect(target!.nameTh).toContain('กรมผู้รับหนังสือลับ');
    expect(target!.officers.every((o) => !o.keyChanged && /^[0-9a-f]{4}( [0-9a-f]{4}){7}$/.test(o.fingerprint))).toBe(true);
    const officerKeys = await wrapFor(key, draft.id, target!.officers.filter((o) => o.userId === bOfficer.id));
    const recoveryKey = await wrapFor(key, draft.id, [target!.recovery!]);
    expect((await failure(reg.outgoing.send({ letterId: draft.id, sealed: { details, agencies: [{ tenantId: b.tenantId, keys: [...officerKeys, ...await wrapFor(key, draft.id, [{ keyId: registry.keyId, publicKey: s.to_base64(registry.keys.publicKey, s.base64_variants.ORIGINAL) }])] }] } }))).message)
      .toBe('classified_key_unknown');
    expect((await failure(reg.outgoing.send({ letterId: draft.id, sealed: { details, agencies: [{ tenantId: b.tenantId, keys: [...officerKeys, ...officerKeys] }] } }))).message)
      .toBe('invalid_input');
    const sent = await reg.outgoing.send({ letterId: draft.id, sealed: { details, agencies: [{ tenantId: b.tenantId, keys: [...officerKeys, ...recoveryKey] }] } });
    expect(sent.recipients).toBe(1);
    const delivery = await runJobsUntil(async () => (await reg.outgoing.get({ letterId: draft.id })).deliveries.find((d) => d.state !== 'queued'));
    expect([delivery.state, delivery.failedReason]).toEqual(['delivered', null]);

    // Delivered: in b's waiting list without a subject, its details and signed PDF sealed, opened by the officer it was sealed for.
    const bReg = callerFor(bOfficer.claims).caller;
    const waiting = await runJobsUntil(async () => (await bReg.registry.waiting()).find((w) => w.id === draft.id));
    expect(waiting.subject).toBe('');
    await bReg.registry.register({ letterId: draft.id });
    const opened = await openDetails(receiver, draft.id);
    expect(opened.details.subject).toBe(DRAFT_SUBJECT);
    const bFiles = await bReg.registry.files({ letterId: draft.id });
    expect(bFiles.map((f) => f.id)).toEqual([file.id, attachmentId]);
    expect(opened.details.files.map((f) => f.name)).toEqual([file.fileName, 'สแกน.pdf']);
    const bAttachment = await getFile(new Request(`http://127.0.0.1/api/letters/${draft.id}/files/${attachmentId}`, { headers: { cookie: await sessionCookie(bOfficer.claims) } }),
      { params: Promise.resolve({ letterId: draft.id, fileId: attachmentId }) });
    expect(Buffer.from(await openSealedFile(opened.contentKey, draft.id, attachmentId, new Uint8Array(await bAttachment.arrayBuffer()))).equals(Buffer.from(scan))).toBe(true);
    const bResponse = await getFile(new Request(`http://127.0.0.1/api/letters/${draft.id}/files/${file.id}`, { headers: { cookie: await sessionCookie(bOfficer.claims) } }),
      { params: Promise.resolve({ letterId: draft.id, fileId: file.id }) });
    expect(bResponse.status).toBe(200);
    const bPdf = await openSealedFile(opened.contentKey, draft.id, file.id, new Uint8Array(await bResponse.arrayBuffer()));
    expect(createHash('sha256').update(bPdf).digest('hex')).toBe(signed.sha256);
    // The cleared deputy was not sealed for: given it by routing, with the key wrapped by the officer.
    expect((await failure(callerFor(bDeputy.claims).caller.classified.letterKey({ letterId: draft.id }))).message).toMatch(/not_found|classified_no_key_for_you/);
    const unit = await failure(bReg.letters.route({ letterId: draft.id, note: '', targets: [{ unitId: b.units.central, purpose: 'action' }] }));
    expect(unit.message).toBe('classified_route_unit_refused');
    const bReaders = (await bReg.classified.readers({ secrecy: 'secret' })).filter((r) => r.id === bDeputy.id);
    await bReg.letters.route({
      letterId: draft.id, note: sealText(s, opened.contentKey, draft.id, B_NOTE), targets: [{ userId: bDeputy.id, purpose: 'action' }],
      keys: await wrapFor(opened.contentKey, draft.id, bReaders),
    });
    expect((await openDetails(bReader, draft.id)).details.subject).toBe(DRAFT_SUBJECT);
    // The uncleared clerk of the same registry sees nothing of it, and the recovery key alone was added.
    const bClerkCaller = callerFor(bClerk.claims).caller;
    expect((await bClerkCaller.registry.waiting()).some((w) => w.id === draft.id)).toBe(false);
    expect((await failure(bClerkCaller.letters.get({ letterId: draft.id }))).message).toBe('not_found');
    // The sender sees it registered.
    const record = await runJobsUntil(async () => (await reg.outgoing.get({ letterId: draft.id })).deliveries.find((d) => d.state === 'registered'));
    expect(record.receiveNumber).toBeGreaterThan(0);

    // The officers it was sealed for are told by e-mail that a letter awaits: no subject, number or sender.
    const owner = ownerSql();
    try {
      const notices = await runJobsUntil(async () => {
        const rows = await owner`select subject, html, text, letter_id from outgoing_emails where tenant_id = ${b.tenantId} and kind = 'classified_notice'`;
        return rows.length > 0 ? rows : null;
      });
      expect(notices).toHaveLength(1);
      for (const n of notices) {
        expect(n.letter_id).toBeNull();
        for (const secret of [DRAFT_SUBJECT, signed.documentNumber]) expect(`${n.subject}${n.html}${n.text}`).not.toContain(secret);
      }
    } finally {
      await owner.end();
    }

    // Nowhere in the clear: every row of every table (both agencies, the platform, the job queue) and every object.
    const dump = everyRow();
    // The dump holds what is in the clear (so a search of it means something)…
    expect(dump).toContain('กรมผู้รับหนังสือลับ');
    expect(dump).toContain(signed.documentNumber);
    const words = DRAFT_BODY.split(' ');
    const eights = words.slice(0, words.length - 7).map((_, i) => words.slice(i, i + 8).join(' '));
    for (const secret of [SUBJECT, REMARKS, MARKER, NOTE, DRAFT_SUBJECT, COMMENT, B_NOTE, ...eights]) expect(dump).not.toContain(secret);
    const scanHead = Buffer.from(scan.subarray(0, 64));
    for (const o of [...await everyObject(`tenants/${a.tenantId}/`), ...await everyObject(`tenants/${b.tenantId}/`), ...await everyObject('shared/')]) {
      expect(o.includes('%PDF-') && o.includes(Buffer.from(DRAFT_SUBJECT))).toBe(false);
      expect(o.includes(MARKER)).toBe(false);
      expect(o.includes(scanHead)).toBe(false);
    }
    for (const o of [...await everyObject(`tenants/${a.tenantId}/outgoing/`), ...await everyObject(`tenants/${b.tenantId}/letters/${draft.id}/`)]) {
      expect(o.includes('%PDF-')).toBe(false);
    }
  }, 120_000);

  it('is refused for e-mail, for ลับที่สุด, and fails delivery whole when the receiving keys changed on the way', async () => {
    const b = await createAgency('กรมผู้รับกุญแจเปลี่ยน');
    await setUpRecovery((await headOfAgency(b)).claims);
    const bOfficer = await addPerson(b, 'registry', [{ unitId: b.rootUnitId, role: 'central_registry_officer' }]);
    await grantClearance(b, bOfficer.id, 'confidential');
    await setUpKey(bOfficer.claims);
    const { person: chief, officer: signer } = await appointedSigner('chief2');
    const reg = callerFor(registry.claims).caller;
    const base = {
      subject: 'หนังสือลับทดสอบกุญแจเปลี่ยน', addressee: 'อธิบดี', body: ['ข้อความ'], closing: 'ขอแสดงความนับถือ', signer: { name: 'นายหัวหน้า', position: 'อธิบดี' },
    };
    // ลับมาก for an agency whose only officer is cleared for ลับ: nobody there to seal it for.
    const secret = await draftSealed(registry, { ...base, secrecy: 'secret', recipients: [{ kind: 'agency', tenantId: b.tenantId, name: 'b', copy: false }] });
    const confidential = await draftSealed(registry, { ...base, secrecy: 'confidential', recipients: [{ kind: 'agency', tenantId: b.tenantId, name: 'b', copy: false }] });
    for (const d of [secret, confidential]) {
      const readers = (await reg.classified.readers({ secrecy: 'secret' })).filter((r) => r.id === chief.id);
      await reg.outgoing.submit({ letterId: d.id, reviewers: [], signerId: chief.id, keys: await wrapFor(d.key, d.id, readers) });
      const k = unwrapKey(s, (await callerFor(chief.claims).caller.classified.outgoingKey({ letterId: d.id })).wrapped, d.id, signer.keys);
      await callerFor(chief.claims).caller.outgoing.sign({ letterId: d.id, password: PASSWORD, contentKey: s.to_base64(k, s.base64_variants.ORIGINAL) });
    }
    expect((await reg.classified.sendingKeys({ letterId: secret.id }))[0]!.officers).toEqual([]);
    const details = (d: { id: string; key: Uint8Array }) => sealJson(s, d.key, detailsContext(d.id), { subject: base.subject, remarks: '', files: [] });
    const [bKeys] = await reg.classified.sendingKeys({ letterId: confidential.id });
    const keys = await wrapFor(confidential.key, confidential.id, [...bKeys!.officers, bKeys!.recovery!]);
    expect((await failure(reg.outgoing.send({ letterId: secret.id, sealed: { details: details(secret), agencies: [{ tenantId: b.tenantId, keys }] } }))).message)
      .toBe('recipient_classified_unready');
    // Sent, then the officer's clearance withdrawn before the delivery runs: nothing arrives, the sender is told why.
    await reg.outgoing.send({ letterId: confidential.id, sealed: { details: details(confidential), agencies: [{ tenantId: b.tenantId, keys }] } });
    await callerFor(b.adminClaims).caller.people.setClearance({ userId: bOfficer.id, clearance: 'none', classifiedAppointed: false });
    const failed = await runJobsUntil(async () => (await reg.outgoing.get({ letterId: confidential.id })).deliveries.find((d) => d.state === 'failed'));
    expect(failed.failedReason).toBe('recipient_keys_changed');
    const owner = ownerSql();
    try {
      expect((await owner`select count(*)::int as n from letters where tenant_id = ${b.tenantId}`)[0]!.n).toBe(0);
    } finally {
      await owner.end();
    }
  });
});

describe('a classified draft\'s attachments, DOCX and revision after signing', () => {
  const SUBJECT_R = 'แผนตรวจสอบเส้นทางลำเลียงยุทธภัณฑ์ภาคใต้';
  const ATTACHMENT = 'แผนที่จุดตรวจลับ.pdf';
  const ATTACHMENT_MARKER = 'SARABAN-ATTACHMENT-MARKER-91C2';
  const REASON = 'แก้ไขจำนวนจุดตรวจให้ตรงกับแผนใหม่';

  it('seals attachments (names too) in the browser, lays a marked DOCX out with the key for that request only, and revises as a sealed copy', async () => {
    const { person: chief, officer: signer } = await appointedSigner('chief3');
    const reg = callerFor(registry.claims).caller;
    const content = { subject: SUBJECT_R, addressee: 'อธิบดี', body: ['ข้อความลับ'], closing: 'ขอแสดงความนับถือ', signer: { name: 'นายหัวหน้า', position: 'อธิบดี' }, secrecy: 'secret',
      recipients: [{ kind: 'agency', tenantId: randomUUID(), name: 'กรมปลายทาง', copy: false }] };
    const draft = await draftSealed(registry, content);
    const plan = new Uint8Array(renderPdf(`#set document(title: "${ATTACHMENT_MARKER}")\n= ${ATTACHMENT_MARKER}`, {}));

    // Plain files, or sealed ones with a plain name, are refused and nothing is kept.
    expect((await attach(draft.id, registry.claims, [['files', new Blob([plan]), ATTACHMENT]])).body.error?.messageKey).toBe('classified_sealed_required');
    const fileId = randomUUID();
    const sealedPlan = await sealFile(s, draft.key, fileContext(draft.id, fileId), plan);
    expect((await attach(draft.id, registry.claims, [[`sealed:${fileId}`, new Blob([new Uint8Array(sealedPlan)])]], { [fileId]: ATTACHMENT })).body.error?.messageKey)
      .toBe('classified_sealed_required');
    const added = await attach(draft.id, registry.claims, [[`sealed:${fileId}`, new Blob([new Uint8Array(sealedPlan)])]], { [fileId]: sealText(s, draft.key, draft.id, ATTACHMENT) });
    expect(added).toEqual({ status: 200, body: { added: 1 } });
    const files = (await reg.outgoing.get({ letterId: draft.id })).files.filter((f) => f.kind === 'attachment');
    expect(files.map((f) => [f.id, f.sealed])).toEqual([[fileId, true]]);
    expect(openText(s, draft.key, draft.id, files[0]!.fileName)).toBe(ATTACHMENT);
    const fetched = await getOutgoingFile(new Request(`http://127.0.0.1/api/outgoing/${draft.id}/files/${fileId}`, { headers: { cookie: await sessionCookie(registry.claims) } }),
      { params: Promise.resolve({ letterId: draft.id, fileId }) });
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await openFile(s, draft.key, fileContext(draft.id, fileId), new Uint8Array(await fetched.arrayBuffer()))).equals(Buffer.from(plan))).toBe(true);

    // DOCX: only with the letter's key handed over (never in a URL), marked top and bottom and with the reader at the foot.
    expect((await failure(reg.outgoing.docx({ letterId: draft.id }))).message).toBe('classified_sealed_required');
    const wrongKey = s.to_base64(s.crypto_aead_xchacha20poly1305_ietf_keygen(), s.base64_variants.ORIGINAL);
    expect((await failure(reg.outgoing.sealedDocx({ letterId: draft.id, contentKey: wrongKey }))).message).toBe('classified_key_missing');
    const docx = await reg.outgoing.sealedDocx({ letterId: draft.id, contentKey: draft.contentKey });
    const zip = await JSZip.loadAsync(Buffer.from(docx.base64, 'base64'));
    expect(await zip.file('word/document.xml')!.async('string')).toContain(SUBJECT_R);
    const header = await zip.file(/word\/header\d*\.xml/)[0]!.async('string');
    const footer = await zip.file(/word\/footer\d*\.xml/)[0]!.async('string');
    expect(header).toContain('ลับมาก');
    expect(footer).toContain('ลับมาก');
    expect(footer).toContain('นายregistry ทดสอบ');
    const owner = ownerSql();
    try {
      const [audit] = await owner`select data from audit_log where tenant_id = ${a.tenantId} and target_id = ${draft.id} and action = 'classified.downloaded'`;
      expect(audit!.data).toMatchObject({ format: 'docx', secrecy: 'secret' });
    } finally {
      await owner.end();
    }

    // Signed, then revised: a new sealed draft under its own id and key, the reason sealed with the signed letter's key.
    const readers = (await reg.classified.readers({ secrecy: 'secret' })).filter((r) => r.id === chief.id);
    await reg.outgoing.submit({ letterId: draft.id, reviewers: [], signerId: chief.id, keys: await wrapFor(draft.key, draft.id, readers) });
    const chiefKey = unwrapKey(s, (await callerFor(chief.claims).caller.classified.outgoingKey({ letterId: draft.id })).wrapped, draft.id, signer.keys);
    await callerFor(chief.claims).caller.outgoing.sign({ letterId: draft.id, password: PASSWORD, contentKey: s.to_base64(chiefKey, s.base64_variants.ORIGINAL) });
    const status = await reg.classified.status();
    const copyId = randomUUID();
    const copyKey = s.crypto_aead_xchacha20poly1305_ietf_keygen();
    const sealing = {
      letterId: copyId, contentKey: s.to_base64(copyKey, s.base64_variants.ORIGINAL), keys: [
        { keyId: registry.keyId, wrapped: wrapKey(s, copyKey, copyId, registry.keys.publicKey) },
        { keyId: status.recovery!.id, wrapped: wrapKey(s, copyKey, copyId, status.recovery!.publicKey) },
      ],
    };
    const sealedReason = sealText(s, draft.key, draft.id, REASON);
    expect((await failure(reg.outgoing.revise({ letterId: draft.id, reason: sealedReason }))).message).toBe('classified_sealed_required');
    expect((await failure(reg.outgoing.revise({ letterId: draft.id, reason: REASON, contentKey: draft.contentKey, sealing }))).message).toBe('classified_sealed_required');
    expect((await failure(reg.outgoing.revise({ letterId: draft.id, reason: sealedReason, sealing }))).message).toBe('classified_sealed_required');
    const revised = await reg.outgoing.revise({ letterId: draft.id, reason: sealedReason, contentKey: draft.contentKey, sealing });
    expect(revised.id).toBe(copyId);
    const copy = await reg.outgoing.get({ letterId: copyId });
    expect(copy.letter.subject).toBe('');
    const mine = unwrapKey(s, (await reg.classified.outgoingKey({ letterId: copyId })).wrapped, copyId, registry.keys);
    expect(openJson<{ subject: string }>(s, mine, draftContext(copyId, 1), copy.sealedContent!).subject).toBe(SUBJECT_R);
    const old = await reg.outgoing.get({ letterId: draft.id });
    expect(old.letter.supersededBy).toBe(copyId);
    expect(openText(s, draft.key, draft.id, old.letter.supersededReason!)).toBe(REASON);

    const dump = everyRow();
    for (const secret of [SUBJECT_R, ATTACHMENT, ATTACHMENT_MARKER, REASON]) expect(dump).not.toContain(secret);
    for (const o of await everyObject(`tenants/${a.tenantId}/outgoing/`)) expect(o.includes(ATTACHMENT_MARKER)).toBe(false);
  });
});

describe('a classified letter corrected', () => {
  it('takes its details sealed again with its key and a sealed reason; keeps both versions; refuses plain ones', async () => {
    const { letterId } = await recordSealed(registry, letter());
    const { contentKey, details } = await openDetails(registry, letterId);
    const reg = callerFor(registry.claims).caller;
    const fixed = 'ขอความร่วมมือตรวจสอบแผนการเคลื่อนย้ายกำลังพลชายแดนภาคตะวันออกเฉียงเหนือ';
    const base = { letterId, documentNumber: 'กห 0201/ลับ 18', letterDate: '2026-11-20', fromText: 'กระทรวงกลาโหม', toText: 'อธิบดี' };
    const sealedDetails = sealJson(s, contentKey, detailsContext(letterId), { ...details, subject: fixed });
    expect((await failure(reg.intake.correctSealed({ ...base, sealedDetails, reason: 'พิมพ์ชื่อภาคผิด' }))).message).toBe('classified_sealed_required');
    expect((await failure(reg.intake.correct({ ...base, subject: fixed, remarks: '', reason: 'พิมพ์ชื่อภาคผิด' }))).message).toBe('classified_sealed_required');
    await reg.intake.correctSealed({ ...base, sealedDetails, reason: sealText(s, contentKey, letterId, 'พิมพ์ชื่อภาคผิด') });
    expect((await openDetails(registry, letterId)).details.subject).toBe(fixed);
    const view = await reg.letters.get({ letterId });
    expect(view.letter.documentNumber).toBe('กห 0201/ลับ 18');
    const entry = view.timeline.find((e) => e.action === 'letter.corrected')!;
    expect(entry.data).toMatchObject({ sealedChanged: true, after: { documentNumber: 'กห 0201/ลับ 18' } });
    expect(JSON.stringify(entry.data)).not.toContain('พิมพ์ชื่อภาคผิด');
    const dump = everyRow();
    expect(dump).not.toContain(fixed);
    expect(dump).not.toContain('พิมพ์ชื่อภาคผิด');
  });
});

describe('the classified register exported', () => {
  it('prints a sealed subject as sealed, never the ciphertext', async () => {
    const { letterId } = await recordSealed(registry, letter());
    const r = await callerFor(registry.claims).caller.registry.register({ letterId });
    const response = await exportRegister(new Request(`http://127.0.0.1/api/registers/${r.registerId}/export?format=xlsx&yearBe=${r.year + 543}`, {
      headers: { cookie: await sessionCookie(registry.claims) },
    }), { params: Promise.resolve({ registerId: r.registerId }) });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const cells = workbook.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain('(เรื่องเข้ารหัสไว้)');
    expect(cells.join(' ')).not.toContain(SUBJECT);
  });
});

describe('the register of access to classified information', () => {
  it('lists every act for the head of agency or the registrar, newest first, and for nobody else; the admin\'s audit log leaves them out', async () => {
    await callerFor(registry.claims).caller.intake.recordPaperLetter({
      documentNumber: 'นร 1/1', letterDate: '2026-11-20', fromText: 'ก', toText: 'ข', subject: 'หนังสือธรรมดา', secrecy: 'normal',
    });
    const { letterId } = await recordSealed(registry, letter());
    await callerFor(registry.claims).caller.classified.recordAccess({ letterId, act: 'printed' });
    const head = callerFor((await headOfAgency(a)).claims).caller;
    const first = await head.classified.accessRegister({ limit: 2 });
    expect(first.map((e) => e.action)).toEqual(['classified.printed', 'classified.wrapped']);
    expect(first[0]!.targetId).toBe(letterId);
    const next = await head.classified.accessRegister({ limit: 2, cursor: first[1]!.id });
    expect(next[0]!.id).toBeLessThan(first[1]!.id);
    expect(JSON.stringify(first)).not.toContain(SUBJECT);
    for (const who of [clerk.claims, a.adminClaims, deputy.claims]) {
      expect((await failure(callerFor(who).caller.classified.accessRegister({ limit: 10 }))).message).toBe('classified_recovery_forbidden');
    }
    const audit = await callerFor(a.adminClaims).caller.audit.list({ limit: 200 });
    expect(audit.filter((e) => e.action.startsWith('classified.'))).toEqual([]);
    // Nor the letter's other acts (received, registered, routed…): the admin learns nothing of its existence.
    expect(audit.filter((e) => e.targetId === letterId)).toEqual([]);
    expect(audit.some((e) => e.action === 'letter.received')).toBe(true);
  });
});

describe('recovery of a forgotten passphrase', () => {
  it('the head of agency re-wraps the person\'s letters for their new key with the printed recovery key', async () => {
    const officer = await addPerson(a, 'forgetful', [{ unitId: a.units.central, role: 'staff' }]);
    await grantClearance(a, officer.id, 'secret');
    const before = await setUpKey(officer.claims);
    const { letterId } = await recordSealed(registry, letter());
    const reg = callerFor(registry.claims).caller;
    await reg.registry.register({ letterId });
    const { contentKey } = await openDetails(registry, letterId);
    const readers = (await reg.classified.readers({ secrecy: 'secret' })).filter((r) => r.id === officer.id);
    await reg.letters.route({ letterId, note: '', targets: [{ userId: officer.id, purpose: 'action' }], keys: await wrapFor(contentKey, letterId, readers) });

    // Forgotten: a new key; the old letters do not open with it.
    const after = await setUpKey(officer.claims);
    expect(after.keyId).not.toBe(before.keyId);
    expect((await failure(callerFor(officer.claims).caller.classified.letterKey({ letterId }))).message).toBe('classified_no_key_for_you');
    expect((await reg.classified.readers({ secrecy: 'secret' })).find((r) => r.id === officer.id)?.keyChanged).toBe(true);

    // Only the head or the registrar may run the ceremony.
    expect((await failure(callerFor(officer.claims).caller.classified.recoveryWork())).message).toBe('classified_recovery_forbidden');
    const head = callerFor((await headOfAgency(a)).claims).caller;
    expect((await head.classified.recoveryWork()).find((w) => w.userId === officer.id)?.letters).toBe(1);
    const batch = await head.classified.recoveryBatch({ userId: officer.id });
    expect(batch.key.id).toBe(after.keyId);
    const printed = readRecoveryKey(s, recovery.printed);
    const keys = batch.letters.map((l) => ({ letterId: l.letterId, wrapped: wrapKey(s, unwrapKey(s, l.wrapped, l.letterId, printed), l.letterId, batch.key.publicKey) }));
    expect(await head.classified.recover({ userId: officer.id, keys })).toEqual({ recovered: 1 });
    expect((await openDetails(after, letterId)).details.subject).toBe(SUBJECT);
    expect((await head.classified.recoveryBatch({ userId: officer.id })).letters).toEqual([]);
  });
});

describe('the classified passphrase', () => {
  it('unlocks the key; a wrong one is refused, audited, and slowed like a password', async () => {
    // One desk (one address), as a person at their browser.
    const desk = callerFor(registry.claims).caller;
    const keys = await unlock(registry.claims, registry.passphrase, desk);
    expect(Buffer.from(keys.privateKey).equals(Buffer.from(registry.keys.privateKey))).toBe(true);
    // Three failures are free, as at sign-in; the fourth makes the next attempt wait.
    for (let i = 0; i < 4; i++) await expect(unlock(registry.claims, 'ผิด', desk)).rejects.toThrow(SealBroken);
    expect((await failure(desk.classified.sealedKey())).message).toBe('too_many_attempts');
    const owner = ownerSql();
    try {
      const rows = await owner`select count(*)::int as n from audit_log where tenant_id = ${a.tenantId} and action = 'classified.unlock_failed'`;
      expect(rows[0]!.n).toBe(4);
    } finally {
      await owner.end();
    }
  });

  it('can be set up only by an appointed person', async () => {
    const refused = await failure(setUpKey(clerk.claims));
    expect(refused.message).toBe('classified_not_appointed');
  });
});

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

describe('every procedure, probed with a ลับมาก letter by people who may not open it, of the agency, of another agency and of the platform', () => {
  let sealed: Awaited<ReturnType<typeof recordSealed>>;
  let probes: Array<{ who: string; claims: Parameters<typeof callerFor>[0] }>;
  let secrets: string[];

  beforeAll(async () => {
    sealed = await recordSealed(registry, letter());
    await callerFor(registry.claims).caller.registry.register({ letterId: sealed.letterId });
    const confidential = await addPerson(a, 'confidential', [{ unitId: a.rootUnitId, role: 'central_registry_officer' }]);
    await grantClearance(a, confidential.id, 'confidential');
    await setUpKey(confidential.claims);
    const other = await createAgency('กรมอื่นที่ไม่ได้รับหนังสือลับ');
    const outsider = await addPerson(other, 'registry', [{ unitId: other.rootUnitId, role: 'central_registry_officer' }]);
    await grantClearance(other, outsider.id, 'secret');
    await setUpKey(outsider.claims);
    const operatorId = randomUUID();
    const platform = ownerSql();
    await platform`insert into platform_operators (id, username, full_name, password_hash) values (${operatorId}, ${`op-${operatorId.slice(0, 8)}`}, 'ผู้ให้บริการ', 'x')`;
    await platform.end();
    probes = [
      { who: 'an uncleared clerk of its unit', claims: clerk.claims },
      { who: 'a ลับ-cleared registry officer', claims: confidential.claims },
      { who: 'the admin, not appointed', claims: a.adminClaims },
      { who: 'a ลับมาก-cleared officer of another agency', claims: outsider.claims },
      { who: 'another agency\'s admin', claims: other.adminClaims },
      { who: 'the platform operator', claims: await operatorClaims(operatorId) },
    ];
    const owner = ownerSql();
    try {
      const [row] = await owner`select sealed_details from letters where tenant_id = ${a.tenantId} and id = ${sealed.letterId}`;
      const wraps = await owner`select wrapped from letter_keys where tenant_id = ${a.tenantId} and letter_id = ${sealed.letterId}`;
      secrets = [sealed.letterId, row!.sealed_details, ...wraps.map((w) => w.wrapped as string), ...sealed.fileIds];
    } finally {
      await owner.end();
    }
  }, 60_000);

  it.each(procedures.map(([path]) => path))('%s: nothing of the letter, and nothing changed', async (path) => {
    const procedure = Object.fromEntries(procedures)[path]!;
    const schema = (procedure._def as unknown as { inputs?: z.ZodType[] }).inputs?.[0];
    const owner = ownerSql();
    const state = async () => JSON.stringify(await owner`select (select count(*) from letter_keys where letter_id = ${sealed.letterId}) as keys,
      (select count(*) from letter_assignments where letter_id = ${sealed.letterId}) as parts, (select row_to_json(l) from letters l where id = ${sealed.letterId}) as letter`);
    try {
      const before = await state();
      for (const probe of probes) {
        const { caller } = callerFor(probe.claims);
        const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (i: unknown) => Promise<unknown>;
        let json = '';
        try {
          json = JSON.stringify(await fn(schema ? sampleInput(schema, sealed.letterId) : undefined)) ?? '';
        } catch (error) {
          if (!(error instanceof TRPCError)) throw error;
        }
        const leaked = secrets.filter((x) => json.includes(x));
        expect(leaked, `${path} showed ${probe.who} the classified letter`).toEqual([]);
      }
      expect(await state(), `${path} changed the classified letter`).toBe(before);
    } finally {
      await owner.end();
    }
  });
});
