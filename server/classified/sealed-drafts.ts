import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { draftContext, fromBase64, openJson, sealFile, sealJson, sodium, SealBroken } from '@/core/classified-crypto';
import { blankContent, type DraftContent } from '@/core/draft-content';
import { AppError } from '@/core/errors';
import type { Secrecy } from '@/core/letters';
import { letterKeys, outgoingLetters, outgoingVersions, personKeys } from '@/db/schema';
import type { TenantTx } from '@/db/scope';
import type { Viewer } from '@/server/auth/load-viewer';
import { canOpenSecrecy } from '@/server/auth/permissions';
import { wrappedKey } from './letter-keys';

/**
 * A classified outgoing letter (docs/classified.md): its content exists on the server only
 * while a request that needs it runs (save, sign), with the letter's content key handed over
 * by the person's browser for that request and never kept.
 */

/** A content key as a browser hands it over for one request: 32 bytes in base64. */
export const contentKeyField = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, { message: 'invalid_input' });

/**
 * A new classified draft's sealing, made in the browser: its id (as the wrapped keys name it), its
 * new content key (handed over for this request only) and that key wrapped for its author and the recovery key.
 */
export const newSealingField = z.object({ letterId: z.uuid(), contentKey: contentKeyField, keys: z.array(wrappedKey).min(1).max(10) });

export async function contentKeyFrom(text: string) {
  const s = await sodium();
  const key = fromBase64(s, text);
  if (key.length !== 32) throw new AppError('invalid_input');
  return { s, key };
}

/** The version as stored: the shell in the clear and the whole content sealed with the letter's key. */
export async function sealedVersion(contentKey: string, letterId: string, version: number, content: DraftContent) {
  const { s, key } = await contentKeyFrom(contentKey);
  const sealedContent = sealJson(s, key, draftContext(letterId, version), content);
  s.memzero(key);
  return { content: blankContent(content), sealedContent };
}

/** A sealed version opened with the key the browser handed over; a key that does not open it is not the letter's. */
export async function openVersion(contentKey: string, letterId: string, version: number, sealedContent: string) {
  const { s, key } = await contentKeyFrom(contentKey);
  try {
    return openJson<DraftContent>(s, key, draftContext(letterId, version), sealedContent);
  } catch (error) {
    if (error instanceof SealBroken) throw new AppError('classified_key_missing');
    throw error;
  } finally {
    s.memzero(key);
  }
}

/** The sealed content of a version (null for a letter in the clear). */
export async function sealedContentOf(tx: TenantTx, tenantId: string, letterId: string, version: number) {
  const [row] = await tx.select({ sealed: outgoingVersions.sealedContent }).from(outgoingVersions)
    .where(and(eq(outgoingVersions.tenantId, tenantId), eq(outgoingVersions.letterId, letterId), eq(outgoingVersions.version, version)));
  return row?.sealed ?? null;
}

/** The content of the current version, opened with the handed-over key when it is sealed. */
export async function contentForRequest(tx: TenantTx, tenantId: string, letter: { id: string; version: number }, stored: DraftContent, contentKey: string | undefined) {
  const sealed = await sealedContentOf(tx, tenantId, letter.id, letter.version);
  if (!sealed) return stored;
  if (!contentKey) throw new AppError('classified_sealed_required');
  return openVersion(contentKey, letter.id, letter.version, sealed);
}

/** The viewer's wrapped key for a classified outgoing letter they may see and open. */
export async function myOutgoingKey(tx: TenantTx, viewer: Viewer, letterId: string) {
  const tenantId = viewer.tenant.id;
  const [letter] = await tx.select({ id: outgoingLetters.id, secrecy: outgoingLetters.secrecy }).from(outgoingLetters)
    .where(and(eq(outgoingLetters.tenantId, tenantId), eq(outgoingLetters.id, letterId)));
  if (!letter || letter.secrecy === 'normal') throw new AppError('not_found');
  if (!canOpenSecrecy(viewer.user, letter.secrecy as Secrecy)) throw new AppError('clearance_required');
  const [key] = await tx.select({ keyId: letterKeys.keyId, wrapped: letterKeys.wrapped }).from(letterKeys)
    .innerJoin(personKeys, and(eq(personKeys.tenantId, letterKeys.tenantId), eq(personKeys.id, letterKeys.keyId), isNull(personKeys.replacedAt)))
    .where(and(eq(letterKeys.tenantId, tenantId), eq(letterKeys.letterId, letterId), eq(letterKeys.userId, viewer.user.id)));
  if (!key) throw new AppError('classified_no_key_for_you');
  return { letterId, ...key };
}

/** A file the server made for a classified letter (its signed PDF), sealed with the handed-over key. */
export async function sealWithKey(contentKey: string, context: string, plain: Uint8Array) {
  const { s, key } = await contentKeyFrom(contentKey);
  try {
    return await sealFile(s, key, context, plain);
  } finally {
    s.memzero(key);
  }
}
