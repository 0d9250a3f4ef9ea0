import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeAround, find, inboundRequest, envelope, outboundLetterBody, readEnvelope, readLetter, type ExchangeLetter } from '@/server/exchange/gov-document';
import { startExchangeNode, type ExchangeNode } from '@/server/exchange/local-node';
import { readSignedLetter, signedGovernmentDocument } from '@/server/exchange/xml-signature';
import { generateAgencyCertificate, privateKeyPem } from '@/server/signing/agency-certificate';

let node: ExchangeNode;
const sender = { id: '0302', ministryId: '03', name: 'กรมบัญชีกลาง', username: 'cgd', password: 'pw-cgd' };
const receiver = { id: '0101', ministryId: '01', name: 'สำนักงานปลัดสำนักนายกรัฐมนตรี', username: 'opm', password: 'pw-opm' };

beforeAll(async () => {
  node = await startExchangeNode({ organizations: [sender, receiver], ministries: [] });
});
afterAll(() => node.close());

async function post(org: typeof sender, body: string | Buffer) {
  const response = await fetch(node.url, {
    method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': 'text/xml; charset=utf-8', authorization: `Basic ${Buffer.from(`${org.username}:${org.password}`).toString('base64')}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** The receiver's next item, then deleted (so each test starts with an empty queue). */
async function pullOne() {
  const answer = await post(receiver, envelope({ messageId: 'uuid:in', to: node.url }, inboundRequest()));
  const processId = /ProcessID>([^<]+)</.exec(answer)![1]!;
  await post(receiver, envelope({ messageId: 'uuid:del', to: node.url }, `<rsm:CorrespondenceLetterDeleteRequest><ram:ProcessID>${processId}</ram:ProcessID></rsm:CorrespondenceLetterDeleteRequest>`));
  return answer;
}

describe('the local exchange node passes a letter on', () => {
  it('as its sender wrote it, byte for byte, when the document declares its own namespaces (its signature still holds)', async () => {
    const made = await generateAgencyCertificate({ nameTh: 'กรมบัญชีกลาง', nameEn: 'Comptroller General', code: 'CGD' });
    const key = { certificatePem: made.certificatePem, privateKeyPem: privateKeyPem(made.privateKeyPkcs8) };
    const party = { givenName: 'สมชาย', familyName: 'ใจดี', jobTitle: 'อธิบดี', ministryId: '03', departmentId: '0302', organizationName: 'กรมบัญชีกลาง' };
    const letter: ExchangeLetter = {
      id: 'กค 0402/ว 7', correspondenceDate: '2026-12-01', subject: 'ทดสอบ "การส่งต่อ" <ตามที่เขียน> & ครบ', secretCode: '001', speedCode: '002', sender: party,
      receiver: { ...party, departmentId: '0101', ministryId: '01' }, references: [], attachmentText: '', sendDate: '2026-12-01T10:00:00+07:00', description: '',
      mainLetter: { fileName: 'หนังสือ.pdf', mimeCode: 'application/pdf', content: Buffer.from('%PDF-1.7\n%%EOF') }, attachments: [],
    };
    const document = signedGovernmentDocument(letter, { name: 'นายสมชาย ใจดี', position: 'อธิบดี' }, key);
    const [open, close] = envelopeAround({ messageId: 'uuid:out-1', to: node.url });
    await post(sender, Buffer.concat([Buffer.from(open), outboundLetterBody(document), Buffer.from(close)]));
    const answer = await pullOne();
    expect(answer).toContain(document.toString('utf8'));
    expect(readSignedLetter(answer)).toMatchObject({ state: 'valid', letter: { subject: letter.subject } });
  });

  it('written again with its namespaces when it relies on ones declared around it', async () => {
    const sent = readFileSync(path.join(__dirname, '../fixtures/exchange/letter-standard.xml'), 'utf8');
    await post(sender, sent);
    const answer = await pullOne();
    const document = find(readEnvelope(answer).content!, 'GovernmentDocument')!;
    expect(readLetter(find(document, 'CorrespondenceLetter')!)).toEqual(readLetter(find(readEnvelope(sent).content!, 'CorrespondenceLetter')!));
    // The text passed on stands alone: the prefixes it uses are declared inside it.
    const text = answer.slice(answer.indexOf('<rsm:GovernmentDocument'), answer.indexOf('</rsm:GovernmentDocument>'));
    const declared = new Set([...text.matchAll(/xmlns:([\w.-]+)=/g)].map((m) => m[1]));
    expect(new Set([...text.matchAll(/<\/?([\w.-]+):/g)].map((m) => m[1]))).toEqual(new Set(['rsm', 'ram']));
    expect(declared).toEqual(new Set(['rsm', 'ram']));
  });
});
