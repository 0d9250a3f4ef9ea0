import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { deliveries } from '@/db/schema';
import { runInTenant } from '@/db/scope';
import { env } from '@/core/env';
import { publicUrl } from '@/core/env';

/** How long a download link in an e-mail works. */
export const DOWNLOAD_LINK_DAYS = 30;

type Claims = { t: string; d: string; f: number; e: number };

function mac(body: string) {
  return createHmac('sha256', env().NEXTAUTH_SECRET).update(`download:${body}`).digest('base64url');
}

/**
 * A link to one file of a letter sent by e-mail, for files too large to attach: it names
 * the agency, the delivery record and the file, expires, and is signed with the server
 * secret, so it opens that file only and cannot be made for another.
 */
export function downloadToken(tenantId: string, deliveryId: string, fileIndex: number, now = Date.now()) {
  const body = Buffer.from(JSON.stringify({ t: tenantId, d: deliveryId, f: fileIndex, e: Math.floor(now / 1000) + DOWNLOAD_LINK_DAYS * 86_400 } satisfies Claims)).toString('base64url');
  return `${body}.${mac(body)}`;
}

export function downloadUrl(token: string) {
  return `${publicUrl()}/api/download/${token}`;
}

/** The file a link names, or why not: `invalid` (forged or malformed) or `expired`. */
export async function resolveDownload(token: string, now = Date.now()) {
  const [body, given] = token.split('.');
  if (!body || !given) return { error: 'invalid' as const };
  const expected = Buffer.from(mac(body));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { error: 'invalid' as const };
  let claims: Claims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
  } catch {
    return { error: 'invalid' as const };
  }
  if (claims.e * 1000 < now) return { error: 'expired' as const };
  const delivery = await runInTenant({ tenantId: claims.t, userId: null, system: true }, async (tx) => (await tx.select({ letter: deliveries.letter, channel: deliveries.channel })
    .from(deliveries).where(and(eq(deliveries.tenantId, claims.t), eq(deliveries.id, claims.d))))[0]);
  const file = delivery?.channel === 'email' ? delivery.letter.files[claims.f] : undefined;
  return file ? { file } : { error: 'invalid' as const };
}
