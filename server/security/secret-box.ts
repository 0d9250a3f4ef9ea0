import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { env } from '@/core/env';

/**
 * Secrets an agency gives the system to use on its behalf (its mailbox password) are
 * kept encrypted with AES-256-GCM under a key derived from the server secret:
 * "v1:" + base64(iv | tag | ciphertext). The purpose binds the key to one use.
 */
function key(purpose: string) {
  return createHmac('sha256', env().NEXTAUTH_SECRET).update(`secret-box:${purpose}`).digest();
}

export function sealSecret(purpose: string, plain: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(purpose), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function openSecret(purpose: string, sealed: string) {
  if (!sealed.startsWith('v1:')) throw new Error('unknown secret format');
  const data = Buffer.from(sealed.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key(purpose), data.subarray(0, 12));
  decipher.setAuthTag(data.subarray(12, 28));
  return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
}
