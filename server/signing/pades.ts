import { createHash } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

import './crypto-engine';
import { addSignatureField, type SignatureInfo } from './signature-field';

export type SigningKey = {
  /** DER of the agency's X.509 certificate. */
  certificate: Uint8Array;
  /** The private key, imported once for signing. */
  privateKey: CryptoKey;
};

function derToArrayBuffer(der: Uint8Array) {
  return der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
}

/**
 * A CAdES detached signature (ETSI EN 319 122, the baseline PAdES profile B-B uses):
 * signed attributes content-type, message-digest and signing-certificate-v2; the signing
 * time goes in the PDF signature dictionary (M), not in the CMS.
 */
class CadesSigner extends Signer {
  constructor(private readonly key: SigningKey) { super(); }

  async sign(content: Buffer): Promise<Buffer> {
    const cert = pkijs.Certificate.fromBER(derToArrayBuffer(this.key.certificate));
    const digest = createHash('sha256').update(content).digest();
    const certHash = createHash('sha256').update(this.key.certificate).digest();
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }; ESSCertIDv2 with
    // the default hash algorithm (SHA-256) carries only certHash and issuerSerial.
    const issuerSerial = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })] }),
        cert.serialNumber,
      ],
    });
    const signingCertificateV2 = new asn1js.Sequence({
      value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial] })] })],
    });
    const signedData = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: pkijs.id_ContentType_Data }),
      signerInfos: [new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: pkijs.id_ContentType_Data })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.16.2.47', values: [signingCertificateV2] }),
          ],
        }),
      })],
      certificates: [cert],
    });
    await signedData.sign(this.key.privateKey, 0, 'SHA-256');
    const contentInfo = new pkijs.ContentInfo({ contentType: pkijs.id_ContentType_SignedData, content: signedData.toSchema(true) });
    return Buffer.from(contentInfo.toSchema().toBER(false));
  }
}

/**
 * Signs a PDF with the agency's certificate (PAdES baseline B-B, SubFilter
 * ETSI.CAdES.detached), so that any PDF reader can check that the file is unchanged and
 * who signed it. The signature is added as an incremental update (a PDF/A letter stays
 * PDF/A) and is invisible: the letter shows its own signature block.
 */
export async function signPdf(pdf: Uint8Array, key: SigningKey, info: SignatureInfo) {
  const prepared = await addSignatureField(Buffer.from(pdf), info);
  return new SignPdf().sign(prepared, new CadesSigner(key), info.at);
}
