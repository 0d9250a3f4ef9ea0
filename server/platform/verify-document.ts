import { eq } from 'drizzle-orm';
import { platformPool } from '@/db/client';
import { signedDocuments } from '@/db/schema';

/**
 * What the QR on a signed letter vouches for, for anyone holding the letter (the public
 * verification page): the agency, number, date, signer and the SHA-256 of the signed
 * file. No subject or content is kept here.
 */
export async function findSignedDocument(code: string) {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(code)) return null;
  const { db } = platformPool();
  const [row] = await db.select({
    agencyName: signedDocuments.agencyName, documentNumber: signedDocuments.documentNumber, letterDate: signedDocuments.letterDate,
    signerName: signedDocuments.signerName, signerPosition: signedDocuments.signerPosition, signedAt: signedDocuments.signedAt, sha256: signedDocuments.sha256,
  }).from(signedDocuments).where(eq(signedDocuments.verifyCode, code));
  return row ?? null;
}
