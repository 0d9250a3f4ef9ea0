import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';
import { describeCertificate } from '@/server/signing/agency-certificate';
import { children, correspondenceLetterParts, ExchangeMessageError, find, NS, parseXml, readLetter, type ExchangeLetter } from './gov-document';

const ALGORITHMS = {
  canonicalization: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
} as const;

/** The Id of the signed CorrespondenceLetter, which the signature's one Reference names. */
const LETTER_ID = 'letter';

type XmlElement = import('@xmldom/xmldom').Element;
export type Signer = { name: string; position: string };

/**
 * A GovernmentDocument (its UTF-8 bytes): the CorrespondenceLetter, and a GovernmentSignature naming the
 * signer that carries an XML-DSig signature (RSA-SHA256, exclusive C14N) over the letter,
 * with the agency's certificate in KeyInfo. The letter and the SignedInfo are written in
 * their canonical forms (gov-document.ts), so the digest and the signature are taken over
 * exactly the text written, without parsing it back; xml-crypto verifies every document
 * made here in the tests (docs/decisions.md).
 */
export function signedGovernmentDocument(letter: ExchangeLetter, signer: Signer, key: { certificatePem: string; privateKeyPem: string }): Buffer {
  const letterParts = correspondenceLetterParts(letter, LETTER_ID).map((part) => Buffer.from(part, 'utf8'));
  const hash = createHash('sha256');
  for (const part of letterParts) hash.update(part);
  const digest = hash.digest('base64');
  const signedInfo = `<ds:SignedInfo xmlns:ds="${NS.ds}"><ds:CanonicalizationMethod Algorithm="${ALGORITHMS.canonicalization}"></ds:CanonicalizationMethod>`
    + `<ds:SignatureMethod Algorithm="${ALGORITHMS.signature}"></ds:SignatureMethod><ds:Reference URI="#${LETTER_ID}"><ds:Transforms>`
    + `<ds:Transform Algorithm="${ALGORITHMS.canonicalization}"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="${ALGORITHMS.digest}"></ds:DigestMethod>`
    + `<ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
  const value = sign('sha256', Buffer.from(signedInfo, 'utf8'), key.privateKeyPem).toString('base64');
  const certificate = key.certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
  return Buffer.concat([
    Buffer.from(`<rsm:GovernmentDocument xmlns:rsm="${NS.rsm}" xmlns:ram="${NS.ram}">`), ...letterParts,
    Buffer.from(`<rsm:GovernmentSignature><ram:SignerName>${escape(signer.name)}</ram:SignerName><ram:JobTitle>${escape(signer.position)}</ram:JobTitle>`
      + `<ds:Signature xmlns:ds="${NS.ds}">${signedInfo}<ds:SignatureValue>${value}</ds:SignatureValue>`
      + `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>`
      + '</rsm:GovernmentSignature></rsm:GovernmentDocument>'),
  ]);
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
export function readSignedLetter(governmentDocumentXml: string, parsed?: import('@xmldom/xmldom').Document): SignatureCheck {
  const doc = parsed ?? parseXml(governmentDocumentXml);
  const root = doc.documentElement!;
  const letters = root.localName === 'CorrespondenceLetter' ? [root] : collect(root, 'CorrespondenceLetter');
  if (letters.length !== 1) throw new ExchangeMessageError('exchange_message_incomplete', 'one CorrespondenceLetter is expected');
  const signatures = collect(root, 'Signature').filter((s) => s.namespaceURI === NS.ds);
  if (signatures.length === 0) return { state: 'unsigned', letter: readLetter(letters[0]!) };
  if (signatures.length > 1) throw new SignatureInvalid('more than one signature');
  const cert = certificateOf(find(signatures[0]!, 'KeyInfo'));
  if (!cert) throw new SignatureInvalid('no certificate in KeyInfo');
  // The quick check finds the letter's own text signed: it is read as parsed here.
  const covered = quickCheck(governmentDocumentXml, letters[0]!, signatures[0]!, cert.publicKey)
    ? letters[0]! : parseXml(checkedByXmlCrypto(governmentDocumentXml, signatures[0]!)).documentElement!;
  if (covered.localName !== 'CorrespondenceLetter') throw new SignatureInvalid('the signature does not cover the letter');
  return { state: 'valid', signerSubject: cert.subject, letter: readLetter(covered) };
}

/** The whole check by xml-crypto: each reference canonicalized from the parsed document, then the SignedInfo's signature. */
function checkedByXmlCrypto(xml: string, signature: XmlElement) {
  const sig = new SignedXml({ getCertFromKeyInfo: SignedXml.getCertFromKeyInfo });
  let valid = false;
  try {
    sig.loadSignature(signature as unknown as Node);
    valid = sig.checkSignature(xml);
  } catch (error) {
    throw new SignatureInvalid(String((error as Error).message).slice(0, 200));
  }
  if (!valid) throw new SignatureInvalid('signature does not verify');
  const signed = sig.getSignedReferences();
  if (signed.length !== 1) throw new SignatureInvalid('the signature covers more than the letter');
  return signed[0]!;
}

/**
 * The quick check, for a letter that arrives already in canonical form (as this platform
 * and other canonical writers send it): the signature has one Reference, exclusive C14N
 * throughout and SHA-256; the letter's text as it stands in the message (its only start
 * tag to its only end tag, with no comment, CDATA or processing instruction inside, so
 * exactly the element that was parsed) hashes to the signed digest; the SignedInfo,
 * canonicalized by xml-crypto, verifies with the certificate. True then: what is read is
 * what the signer signed (the reader goes by local names, so the namespaces around it do
 * not matter). False when any of this does not hold: the whole check by xml-crypto
 * decides. A bad SignatureValue is refused here, as there.
 */
function quickCheck(xml: string, letter: XmlElement, signature: XmlElement, publicKey: KeyObject): boolean {
  const signedInfo = children(signature, 'SignedInfo');
  if (signedInfo.length !== 1) return false;
  const info = signedInfo[0]!;
  const algorithm = (node: XmlElement | undefined) => (node && children(node).length === 0 ? node.getAttribute('Algorithm') : null);
  if (algorithm(children(info, 'CanonicalizationMethod')[0]) !== ALGORITHMS.canonicalization) return false;
  if (algorithm(children(info, 'SignatureMethod')[0]) !== ALGORITHMS.signature) return false;
  const references = children(info, 'Reference');
  if (references.length !== 1) return false;
  const reference = references[0]!;
  const transforms = children(reference, 'Transforms');
  const steps = transforms.length === 1 ? children(transforms[0]!, 'Transform') : [];
  if (steps.length !== 1 || algorithm(steps[0]) !== ALGORITHMS.canonicalization) return false;
  if (algorithm(children(reference, 'DigestMethod')[0]) !== ALGORITHMS.digest) return false;
  const digest = (children(reference, 'DigestValue')[0]?.textContent ?? '').trim();
  const value = (children(signature, 'SignatureValue')[0]?.textContent ?? '').replace(/\s+/g, '');
  // The letter's own text: its only start tag to its only end tag.
  const opens = [...xml.matchAll(new RegExp(`<${letter.tagName.replace(/[.]/g, '\\.')}[\\s/>]`, 'g'))];
  const close = `</${letter.tagName}>`;
  const end = xml.indexOf(close);
  if (opens.length !== 1 || end < opens[0]!.index || xml.indexOf(close, end + 1) >= 0) return false;
  const text = xml.slice(opens[0]!.index, end + close.length);
  if (/<!--|<!\[CDATA\[|<\?/.test(text)) return false;
  if (createHash('sha256').update(text, 'utf8').digest('base64') !== digest) return false;
  const canonicalInfo = new ExclusiveCanonicalization().process(info as unknown as Element, {});
  let verified = false;
  try {
    verified = verify('sha256', Buffer.from(canonicalInfo, 'utf8'), publicKey, Buffer.from(value, 'base64'));
  } catch (error) {
    throw new SignatureInvalid(String((error as Error).message).slice(0, 200));
  }
  if (!verified) throw new SignatureInvalid('signature does not verify');
  return true;
}

type KnownCertificate = { publicKey: KeyObject; subject: string };

/**
 * The certificate a signature carries in its KeyInfo, as xml-crypto reads it, with its key
 * and the signer's name. The same few agencies' certificates come again and again, so one
 * carried alone (one X509Certificate) is remembered by its text: it is checked and parsed
 * once (at most 256 kept).
 */
const knownCertificates = new Map<string, KnownCertificate>();
function certificateOf(keyInfo: XmlElement | null | undefined): KnownCertificate | null {
  if (!keyInfo) return null;
  const texts = collect(keyInfo, 'X509Certificate').filter((c) => c.namespaceURI === NS.ds).map((c) => (c.textContent ?? '').replace(/\s+/g, ''));
  const key = texts.length === 1 ? texts[0]! : null;
  const known = key === null ? undefined : knownCertificates.get(key);
  if (known) return known;
  const pem = SignedXml.getCertFromKeyInfo(keyInfo as unknown as Node);
  if (!pem) return null;
  let subject = '';
  try {
    subject = describeCertificate(pem).subject;
  } catch {
    // A certificate xml-crypto takes but the name reader cannot: the signature still decides.
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem);
  } catch (error) {
    throw new SignatureInvalid(String((error as Error).message).slice(0, 200));
  }
  const found = { publicKey, subject };
  if (key !== null) {
    if (knownCertificates.size >= 256) knownCertificates.delete(knownCertificates.keys().next().value!);
    knownCertificates.set(key, found);
  }
  return found;
}

export class SignatureInvalid extends Error {
  readonly reason = 'exchange_signature_invalid' as const;
}

function collect(node: XmlElement, local: string, out: XmlElement[] = []) {
  for (const c of children(node)) {
    if (c.localName === local) out.push(c);
    collect(c, local, out);
  }
  return out;
}
