import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { agencyCertificates } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { openSecret, sealSecret } from '@/server/security/secret-box';
import { certificateDer, generateAgencyCertificate, importSigningKey, privateKeyPem } from './agency-certificate';
import type { SigningKey } from './pades';

export const SIGNING_KEY_SECRET = 'agency-signing-key';

/**
 * The agency's current signing certificate and key. In the zero-setup mode one is
 * generated (self-signed) the first time the agency signs; an imported one replaces it.
 */
export async function agencySigningKey(tx: TenantTx, agency: { id: string; nameTh: string; nameEn: string; code: string }): Promise<SigningKey & { certificatePem: string }> {
  const row = await currentCertificate(tx, agency);
  return {
    certificatePem: row.certificatePem,
    certificate: certificateDer(row.certificatePem),
    privateKey: await importSigningKey(openSecret(SIGNING_KEY_SECRET, row.privateKeySealed)),
  };
}

/** The agency's current certificate row; made (generated, its key sealed) if it has none yet. */
async function currentCertificate(tx: TenantTx, agency: { id: string; nameTh: string; nameEn: string; code: string }) {
  const current = async () => (await tx.select().from(agencyCertificates)
    .where(and(eq(agencyCertificates.tenantId, agency.id), isNull(agencyCertificates.retiredAt))))[0];
  const row = await current();
  if (row) return row;
  const made = await generateAgencyCertificate(agency);
  await tx.insert(agencyCertificates).values({
    tenantId: agency.id, id: randomUUID(), certificatePem: made.certificatePem,
    privateKeySealed: sealSecret(SIGNING_KEY_SECRET, made.privateKeyPkcs8), source: 'generated',
  }).onConflictDoNothing();
  return (await current())!;
}

/**
 * The agency's current certificate and its private key as PEM, for XML signatures of the
 * government exchange (server/exchange/xml-signature.ts); made as for PDF signing if none yet.
 */
export async function agencySigningPem(tx: TenantTx, agency: { id: string; nameTh: string; nameEn: string; code: string }) {
  const row = await currentCertificate(tx, agency);
  return { certificatePem: row.certificatePem, privateKeyPem: privateKeyPem(openSecret(SIGNING_KEY_SECRET, row.privateKeySealed)) };
}
