import { SignedXml } from 'xml-crypto';
import { describeCertificate } from '@/server/signing/agency-certificate';
import { children, ExchangeMessageError, find, NS, parseXml, readLetter, type ExchangeLetter } from './gov-document';

const ALGORITHMS = {
  canonicalization: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
} as const;

export type Signer = { name: string; position: string };

/**
 * A GovernmentDocument: the CorrespondenceLetter, and a GovernmentSignature naming the
 * signer that carries an XML-DSig signature (RSA-SHA256, exclusive C14N) over the letter,
 * with the agency's certificate in KeyInfo. Made with xml-crypto (docs/decisions.md).
 */
export function signedGovernmentDocument(letterXml: string, signer: Signer, key: { certificatePem: string; privateKeyPem: string }) {
  const unsigned = `<rsm:GovernmentDocument xmlns:rsm="${NS.rsm}" xmlns:ram="${NS.ram}">${letterXml}`
    + `<rsm:GovernmentSignature><ram:SignerName>${escape(signer.name)}</ram:SignerName><ram:JobTitle>${escape(signer.position)}</ram:JobTitle></rsm:GovernmentSignature>`
    + '</rsm:GovernmentDocument>';
  const sig = new SignedXml({
    privateKey: key.privateKeyPem, publicCert: key.certificatePem,
    signatureAlgorithm: ALGORITHMS.signature, canonicalizationAlgorithm: ALGORITHMS.canonicalization,
  });
  sig.addReference({
    xpath: "//*[local-name(.)='CorrespondenceLetter']", digestAlgorithm: ALGORITHMS.digest, transforms: [ALGORITHMS.canonicalization],
  });
  sig.computeSignature(unsigned, { prefix: 'ds', location: { reference: "//*[local-name(.)='GovernmentSignature']", action: 'append' } });
  return sig.getSignedXml();
}

const escape = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

export type SignatureCheck =
  | { state: 'valid'; signerSubject: string; letter: ExchangeLetter }
  | { state: 'unsigned'; letter: ExchangeLetter };

/**
 * Reads the letter of a GovernmentDocument. A signature that is there must verify with the
 * certificate it carries, and then the letter is read from what the signature covers (not
 * from the document around it, so a second, unsigned letter wrapped beside it is never
 * what is read). A letter with no signature at all is read as it is and said to be unsigned.
 */
export function readSignedLetter(governmentDocumentXml: string): SignatureCheck {
  const doc = parseXml(governmentDocumentXml);
  const root = doc.documentElement!;
  const letters = root.localName === 'CorrespondenceLetter' ? [root] : collect(root, 'CorrespondenceLetter');
  if (letters.length !== 1) throw new ExchangeMessageError('exchange_message_incomplete', 'one CorrespondenceLetter is expected');
  const signatures = collect(root, 'Signature').filter((s) => s.namespaceURI === NS.ds);
  if (signatures.length === 0) return { state: 'unsigned', letter: readLetter(letters[0]!) };
  if (signatures.length > 1) throw new SignatureInvalid('more than one signature');
  const sig = new SignedXml({ getCertFromKeyInfo: SignedXml.getCertFromKeyInfo });
  const cert = SignedXml.getCertFromKeyInfo(find(signatures[0]!, 'KeyInfo') as unknown as Node);
  if (!cert) throw new SignatureInvalid('no certificate in KeyInfo');
  let valid = false;
  try {
    sig.loadSignature(signatures[0]! as unknown as Node);
    valid = sig.checkSignature(governmentDocumentXml);
  } catch (error) {
    throw new SignatureInvalid(String((error as Error).message).slice(0, 200));
  }
  if (!valid) throw new SignatureInvalid('signature does not verify');
  const signed = sig.getSignedReferences();
  if (signed.length !== 1) throw new SignatureInvalid('the signature covers more than the letter');
  const covered = parseXml(signed[0]!).documentElement!;
  if (covered.localName !== 'CorrespondenceLetter') throw new SignatureInvalid('the signature does not cover the letter');
  return { state: 'valid', signerSubject: describeCertificate(cert).subject, letter: readLetter(covered) };
}

export class SignatureInvalid extends Error {
  readonly reason = 'exchange_signature_invalid' as const;
}

function collect(node: import('@xmldom/xmldom').Element, local: string, out: Array<import('@xmldom/xmldom').Element> = []) {
  for (const c of children(node)) {
    if (c.localName === local) out.push(c);
    collect(c, local, out);
  }
  return out;
}
