import { eq } from 'drizzle-orm';
import { platformPool } from '@/db/client';
import { signedDocuments, tenants } from '@/db/schema';

/**
 * What the QR on a signed letter vouches for, for anyone holding the letter (the public
 * verification page): the agency, number, date, signer and the SHA-256 of the signed
 * file. No subject or content is kept here. The agency's date and digit settings come along, so
 * that the page writes the date as the agency does.
 */
export async function findSignedDocument(code: string) {
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(code)) return null;
  const { db } = platformPool();
  const [row] = await db.select({
    agencyName: signedDocuments.agencyName, documentNumber: signedDocuments.documentNumber, letterDate: signedDocuments.letterDate,
    signerName: signedDocuments.signerName, signerPosition: signedDocuments.signerPosition, signedAt: signedDocuments.signedAt, sha256: signedDocuments.sha256,
    settings: tenants.settings,
  }).from(signedDocuments).leftJoin(tenants, eq(tenants.id, signedDocuments.agencyId)).where(eq(signedDocuments.verifyCode, code));
  return row ?? null;
}
