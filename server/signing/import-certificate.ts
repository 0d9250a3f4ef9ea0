import { randomUUID, webcrypto } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import * as pkijs from 'pkijs';
import { z } from 'zod';
import { agencyCertificates } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import { actorOf } from '@/server/audit/actor';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/load-viewer';
import { AppError } from '@/core/errors';
import { sealSecret } from '@/server/security/secret-box';
import { certificateDer, describeCertificate } from './agency-certificate';
import { SIGNING_KEY_SECRET } from './certificates';
import './crypto-engine';

export const importCertificateInput = z.object({
  certificatePem: z.string().trim().min(100).max(20_000).regex(/-----BEGIN CERTIFICATE-----/, 'certificate_format'),
  privateKeyPem: z.string().trim().min(100).max(20_000).regex(/-----BEGIN PRIVATE KEY-----/, 'private_key_format'),
});

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

function pemBody(pem: string, label: string) {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(pem);
  if (!match) throw new AppError('certificate_invalid');
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
}

/**
 * An agency's own signing certificate (issued by its certification authority) replaces
 * the generated one: the certificate must be valid now and the private key (PKCS#8, RSA)
 * must be its pair — proven by signing and verifying a test message. The key is sealed;
 * the previous certificate is retired, never deleted (old letters stay verifiable).
 */
export async function importCertificate(tx: TenantTx, viewer: Viewer, input: z.infer<typeof importCertificateInput>) {
  const tenantId = viewer.tenant.id;
  let facts: ReturnType<typeof describeCertificate>;
  let publicKey: CryptoKey;
  let privateKey: CryptoKey;
  const keyDer = pemBody(input.privateKeyPem, 'PRIVATE KEY');
  try {
    facts = describeCertificate(input.certificatePem);
    const der = certificateDer(input.certificatePem);
    const cert = pkijs.Certificate.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer);
    publicKey = await webcrypto.subtle.importKey('spki', cert.subjectPublicKeyInfo.toSchema().toBER(false), RSA, false, ['verify']) as CryptoKey;
    privateKey = await webcrypto.subtle.importKey('pkcs8', keyDer, RSA, false, ['sign']) as CryptoKey;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('certificate_invalid');
  }
  const now = new Date();
  if (facts.notBefore > now || facts.notAfter < now) throw new AppError('certificate_expired');
  const probe = new TextEncoder().encode(`saraban:${tenantId}:${now.toISOString()}`);
  const signature = await webcrypto.subtle.sign(RSA, privateKey, probe);
  if (!(await webcrypto.subtle.verify(RSA, publicKey, signature, probe))) throw new AppError('certificate_key_mismatch');

  await tx.update(agencyCertificates).set({ retiredAt: sql`now()` })
    .where(and(eq(agencyCertificates.tenantId, tenantId), isNull(agencyCertificates.retiredAt)));
  const id = randomUUID();
  await tx.insert(agencyCertificates).values({
    tenantId, id, certificatePem: input.certificatePem.trim() + '\n', privateKeySealed: sealSecret(SIGNING_KEY_SECRET, keyDer.toString('base64')), source: 'imported',
  });
  await recordAudit(tx, tenantId, {
    actor: actorOf(viewer), action: 'agency.certificate_imported', targetType: 'tenant', targetId: tenantId,
    data: { subject: facts.subject, notAfter: facts.notAfter.toISOString() },
  });
  return { id, subject: facts.subject, notAfter: facts.notAfter };
}

/** The agency's current signing certificate, for the admin: whose, until when, generated or imported. */
export async function currentCertificate(tx: TenantTx, tenantId: string) {
  const [row] = await tx.select({ pem: agencyCertificates.certificatePem, source: agencyCertificates.source, createdAt: agencyCertificates.createdAt })
    .from(agencyCertificates).where(and(eq(agencyCertificates.tenantId, tenantId), isNull(agencyCertificates.retiredAt)));
  if (!row) return null;
  const facts = describeCertificate(row.pem);
  return { subject: facts.subject, notBefore: facts.notBefore, notAfter: facts.notAfter, selfSigned: facts.selfSigned, source: row.source, since: row.createdAt };
}
