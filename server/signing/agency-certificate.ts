import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import './crypto-engine';

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

function name(parts: Array<[oid: string, value: string]>) {
  return new pkijs.RelativeDistinguishedNames({
    typesAndValues: parts.filter(([, v]) => v).map(([type, value]) =>
      new pkijs.AttributeTypeAndValue({ type, value: type === '2.5.4.6' ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }) })),
  });
}

function pem(der: ArrayBuffer) {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/**
 * A self-signed signing certificate for an agency (zero-setup mode; an agency in
 * production imports one issued by its certification authority). RSA 2048 / SHA-256,
 * valid ten years, key usage digital signature + non-repudiation.
 */
export async function generateAgencyCertificate(agency: { nameTh: string; nameEn: string; code: string }) {
  const keys = await webcrypto.subtle.generateKey({ ...RSA, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }, true, ['sign', 'verify']) as CryptoKeyPair;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = webcrypto.getRandomValues(new Uint8Array(16));
  serial[0] = serial[0]! & 0x7f | 0x10;
  cert.serialNumber = new asn1js.Integer({ valueHex: serial });
  const dn = name([['2.5.4.6', 'TH'], ['2.5.4.10', agency.nameEn || agency.nameTh], ['2.5.4.11', agency.code], ['2.5.4.3', agency.nameTh]]);
  cert.subject = dn;
  cert.issuer = dn;
  const now = new Date();
  cert.notBefore.value = new Date(now.getTime() - 60_000);
  cert.notAfter.value = new Date(Date.UTC(now.getUTCFullYear() + 10, now.getUTCMonth(), now.getUTCDate()));
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false) }),
    // keyUsage: digitalSignature (bit 0) + nonRepudiation (bit 1)
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 }).toBER(false) }),
  ];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign(keys.privateKey, 'SHA-256');
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificatePem: pem(cert.toSchema(true).toBER(false)), privateKeyPkcs8: Buffer.from(pkcs8).toString('base64'), notAfter: cert.notAfter.value };
}

/** A PKCS#8 private key (base64, as stored) in PEM, as node:crypto and XML signing take it. */
export const privateKeyPem = (pkcs8Base64: string) => `-----BEGIN PRIVATE KEY-----\n${pkcs8Base64.replace(/(.{64})/g, '$1\n').trim()}\n-----END PRIVATE KEY-----\n`;

export function certificateDer(certificatePem: string) {
  return new Uint8Array(Buffer.from(certificatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}

/** The certificate's subject common name and validity, for showing to the admin. */
export function describeCertificate(certificatePem: string) {
  const der = certificateDer(certificatePem);
  const cert = pkijs.Certificate.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer);
  const cn = cert.subject.typesAndValues.find((t) => t.type === '2.5.4.3')?.value.valueBlock.value as string | undefined;
  return { subject: cn ?? '', notBefore: cert.notBefore.value, notAfter: cert.notAfter.value, selfSigned: cert.subject.isEqual(cert.issuer) };
}

export async function importSigningKey(pkcs8Base64: string) {
  return webcrypto.subtle.importKey('pkcs8', Buffer.from(pkcs8Base64, 'base64'), RSA, false, ['sign']) as Promise<CryptoKey>;
}
