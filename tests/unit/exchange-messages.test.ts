import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  correspondenceLetterXml, envelope, ExchangeMessageError, find, findNotice, noticeRequest, readEnvelope, readLetter, secrecyOfCode, urgencyOfCode, type ExchangeLetter,
} from '@/server/exchange/gov-document';
import { readSignedLetter, signedGovernmentDocument, SignatureInvalid } from '@/server/exchange/xml-signature';
import { generateAgencyCertificate } from '@/server/signing/agency-certificate';

const sample = (name: string) => readFileSync(path.join(__dirname, '../fixtures/exchange', name), 'utf8');

describe('GovernmentDocument messages in the namespace spellings published systems use', () => {
  const expected = {
    id: 'กค 0402/ว 123', correspondenceDate: '2026-11-30', subject: 'ขอเชิญประชุมชี้แจงแนวทางการเบิกจ่ายงบประมาณ', secretCode: '001', speedCode: '003',
    references: ['กค 0402/ว 100'], attachmentText: 'กำหนดการประชุม',
  };
  for (const file of ['letter-standard.xml', 'letter-variant-addressing.xml', 'letter-variant-default-ns.xml']) {
    it(`reads ${file} to the same letter`, () => {
      const { headers, content } = readEnvelope(sample(file));
      expect(headers.messageId).toBe('uuid:5f0c7a9e-0001-4c1a-9d7e-000000000001');
      expect(content!.localName).toBe('CorrespondenceLetterOutboundRequest');
      const letter = readLetter(find(content!, 'CorrespondenceLetter')!);
      expect(letter).toMatchObject(expected);
      expect(letter.sender).toMatchObject({ givenName: 'สมชาย', familyName: 'ใจดี', ministryId: '03', departmentId: '0302' });
      expect(letter.receiver.departmentId).toBe('0101');
      expect(letter.mainLetter).toMatchObject({ mimeCode: 'application/pdf', fileName: 'หนังสือ.pdf' });
      expect(letter.mainLetter!.content.subarray(0, 5).toString()).toBe('%PDF-');
      // A file without a name is named by its kind.
      expect(letter.attachments.map((a) => [a.fileName, a.mimeCode])).toEqual([['สิ่งที่ส่งมาด้วย-1.png', 'image/png']]);
      expect(urgencyOfCode(letter.speedCode)).toBe('very_urgent');
      expect(secrecyOfCode(letter.secretCode)).toBe('normal');
    });
  }

  it('reads a notice wrapped in its request, in a default namespace', () => {
    const { content, headers } = readEnvelope(sample('notice-accept.xml'));
    expect(headers.relatesTo).toBe('uuid:5f0c7a9e-0001-4c1a-9d7e-000000000001');
    expect(findNotice(content!)).toEqual({
      kind: 'accept', letterMessageId: 'uuid:5f0c7a9e-0001-4c1a-9d7e-000000000001', letterId: 'กค 0402/ว 123', acceptId: '4521', acceptDate: '2026-12-01T09:05:00+07:00',
      description: '', sender: { ministryId: '01', departmentId: '0101' }, receiver: { ministryId: '03', departmentId: '0302' },
    });
  });

  it('writes what it reads: every notice kind, and text with markup characters', () => {
    for (const kind of ['receive', 'accept', 'reject', 'invalid', 'invalid_accept_id'] as const) {
      const notice = { kind, letterMessageId: 'uuid:x', letterId: 'นร 0105/1', acceptId: kind === 'accept' ? '12' : '', acceptDate: kind === 'accept' ? '2026-12-01T09:00:00.000Z' : '',
        description: 'เหตุผล <ไม่ถูกต้อง> & "อื่น ๆ"', sender: { ministryId: '01', departmentId: '0101' }, receiver: { ministryId: '02', departmentId: '0201' } };
      expect(findNotice(readEnvelope(envelope({ messageId: 'uuid:n', to: 'x' }, noticeRequest(notice))).content!)).toEqual(notice);
    }
  });
});

describe('messages that are refused before anything is read', () => {
  it('a DTD (external entities, entity expansion) is refused by the parser', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd">]><x>&b;&c;</x>';
    expect(() => readEnvelope(bomb)).toThrow(expect.objectContaining({ reason: 'exchange_xml_dtd' }));
  });
  it('malformed XML, a body without a letter’s parts, and base64 that is not base64 are each named', () => {
    expect(() => readEnvelope('<soap:Envelope><soap:Body><a></b></soap:Body>')).toThrow(ExchangeMessageError);
    expect(() => readEnvelope('<soap:Envelope><soap:Body><a></b></soap:Body>')).toThrow(expect.objectContaining({ reason: 'exchange_xml_malformed' }));
    expect(() => readEnvelope('<x/>')).toThrow(expect.objectContaining({ reason: 'exchange_message_incomplete' }));
    const noSubject = sample('letter-standard.xml').replace(/<ram:Subject>[^<]*<\/ram:Subject>/, '');
    expect(() => readLetter(find(readEnvelope(noSubject).content!, 'CorrespondenceLetter')!)).toThrow(expect.objectContaining({ reason: 'exchange_message_incomplete' }));
    const badBase64 = sample('letter-standard.xml').replace('JVBERi0xLjcKJeLjz9MK', 'JVBERi0x*LjcK');
    expect(() => readLetter(find(readEnvelope(badBase64).content!, 'CorrespondenceLetter')!)).toThrow(expect.objectContaining({ reason: 'exchange_base64_invalid' }));
  });
});

describe('the XML signature of a GovernmentDocument', async () => {
  const made = await generateAgencyCertificate({ nameTh: 'กรมบัญชีกลาง', nameEn: 'Comptroller General', code: 'CGD' });
  const key = { certificatePem: made.certificatePem, privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${made.privateKeyPkcs8.replace(/(.{64})/g, '$1\n').trim()}\n-----END PRIVATE KEY-----\n` };
  const party = { givenName: 'สมชาย', familyName: 'ใจดี', jobTitle: 'อธิบดี', ministryId: '03', departmentId: '0302', organizationName: 'กรมบัญชีกลาง' };
  const letter: ExchangeLetter = {
    id: 'กค 0402/ว 123', correspondenceDate: '2026-11-30', subject: 'ขอเชิญประชุม <ด่วน> & เร็ว', secretCode: '001', speedCode: '001', sender: party,
    receiver: { ...party, departmentId: '0101' }, references: [], attachmentText: '', sendDate: '2026-11-30T10:00:00+07:00', description: '',
    mainLetter: { fileName: 'หนังสือ.pdf', mimeCode: 'application/pdf', content: Buffer.from('%PDF-1.7\n%%EOF') }, attachments: [],
  };
  const signed = signedGovernmentDocument(correspondenceLetterXml(letter), { name: 'นายสมชาย ใจดี', position: 'อธิบดี' }, key);

  it('verifies inside any envelope and names the signer; the letter is read from what was signed', () => {
    const wrapped = sample('letter-variant-addressing.xml').replace(/<gd:GovernmentDocument>[\s\S]*<\/gd:GovernmentDocument>/, signed);
    const read = readSignedLetter(wrapped);
    expect(read).toMatchObject({ state: 'valid', signerSubject: 'กรมบัญชีกลาง' });
    expect(read.letter.subject).toBe('ขอเชิญประชุม <ด่วน> & เร็ว');
  });
  it('a changed letter, a second letter beside the signed one, or a signature without its certificate is refused', () => {
    expect(() => readSignedLetter(signed.replace('ขอเชิญประชุม', 'ขอยกเลิกประชุม'))).toThrow(SignatureInvalid);
    const beside = signed.replace('<rsm:GovernmentSignature>', `${correspondenceLetterXml({ ...letter, subject: 'จดหมายปลอม' })}<rsm:GovernmentSignature>`);
    expect(() => readSignedLetter(beside)).toThrow(expect.objectContaining({ reason: 'exchange_message_incomplete' }));
    expect(() => readSignedLetter(signed.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, ''))).toThrow(SignatureInvalid);
  });
  it('a letter with no signature at all is read and said to be unsigned', () => {
    expect(readSignedLetter(sample('letter-standard.xml'))).toMatchObject({ state: 'unsigned', letter: { id: 'กค 0402/ว 123' } });
  });
});
