import { randomUUID } from 'node:crypto';
import { POST as postClassified } from '@/app/api/letters/classified/route';
import {
  createKeyPair, createRecoveryKey, detailsContext, fileContext, openFile, openJson, sealNewLetter, sodium, unlockKeyPair, unwrapKey, wrapKey,
  type KeyPair, type SealedDetails,
} from '@/core/classified-crypto';
import { callerFor, PASSWORD, sessionCookie, type userClaims } from './factories';

/**
 * What an appointed officer's browser does with classified letters, done here as the
 * browser would (the same core/classified-crypto.ts), for tests to act through the real
 * procedures and endpoints.
 */
export type Officer = { claims: Awaited<ReturnType<typeof userClaims>>; keys: KeyPair; keyId: string; passphrase: string };

/** Sets up the person's key under `passphrase` (their sign-in password re-checked). */
export async function setUpKey(claims: Officer['claims'], passphrase = `ลับ-${randomUUID()}`): Promise<Officer> {
  const { caller } = callerFor(claims);
  const s = await sodium();
  const { owner } = await caller.classified.sealedKey();
  const { sealed, keys } = createKeyPair(s, passphrase, owner);
  const { fingerprint: _f, ...upload } = sealed;
  const { id } = await caller.classified.setUpKey({ password: PASSWORD, ...upload });
  return { claims, keys, keyId: id, passphrase };
}

/** Unlocks the person's key from what the server hands out, as the unlock dialog does. */
export async function unlock(claims: Officer['claims'], passphrase: string, caller = callerFor(claims).caller) {
  const s = await sodium();
  const { owner, key } = await caller.classified.sealedKey();
  try {
    const keys = unlockKeyPair(s, key!, passphrase, owner);
    await caller.classified.unlockResult({ ok: true });
    return keys;
  } catch (error) {
    await caller.classified.unlockResult({ ok: false });
    throw error;
  }
}

/** The agency's recovery key made by its head (or the registrar): the printed private half returned. */
export async function setUpRecovery(claims: Officer['claims']) {
  const s = await sodium();
  const recovery = createRecoveryKey(s);
  const { id } = await callerFor(claims).caller.classified.setUpRecoveryKey({ password: PASSWORD, publicKey: recovery.publicKey });
  return { id, printed: recovery.privateKey, publicKey: recovery.publicKey };
}

export type SealedPaper = {
  documentNumber: string; letterDate: string; fromText: string; toText: string; subject: string; remarks?: string;
  urgency?: 'normal' | 'urgent'; secrecy: 'confidential' | 'secret'; files?: Array<{ name: string; type: string; bytes: Uint8Array }>;
};

/** Records a classified paper letter through POST /api/letters/classified, sealed as the form does. */
export async function recordSealed(officer: Officer, letter: SealedPaper, ids: { letterId?: string } = {}) {
  const s = await sodium();
  const status = await callerFor(officer.claims).caller.classified.status();
  const letterId = ids.letterId ?? randomUUID();
  const files = (letter.files ?? []).map((f) => ({ ...f, id: randomUUID() }));
  const wrapFor = [{ keyId: officer.keyId, publicKey: s.to_base64(officer.keys.publicKey, s.base64_variants.ORIGINAL) }];
  if (status.recovery) wrapFor.push({ keyId: status.recovery.id, publicKey: status.recovery.publicKey });
  const sealed = await sealNewLetter(s, { letterId, subject: letter.subject, remarks: letter.remarks ?? '', files, wrapFor });
  const { subject: _s, remarks: _r, files: _f, ...clear } = letter;
  const form = new FormData();
  form.set('letter', JSON.stringify({ ...clear, urgency: letter.urgency ?? 'normal', letterId, sealedDetails: sealed.sealedDetails, keys: sealed.keys }));
  for (const f of sealed.files) form.append(`sealed:${f.id}`, new Blob([new Uint8Array(f.bytes)]), 'sealed');
  const response = await postClassified(new Request('http://127.0.0.1/api/letters/classified', { method: 'POST', body: form, headers: { cookie: await sessionCookie(officer.claims) } }));
  return { status: response.status, body: await response.json() as { id?: string; error?: { messageKey: string } }, letterId, fileIds: files.map((f) => f.id) };
}

/** Opens a letter as its reader's browser does: their wrapped key, then the sealed details. */
export async function openDetails(officer: Officer, letterId: string) {
  const s = await sodium();
  const key = await callerFor(officer.claims).caller.classified.letterKey({ letterId });
  const contentKey = unwrapKey(s, key.wrapped, letterId, officer.keys);
  return { contentKey, details: openJson<SealedDetails>(s, contentKey, detailsContext(letterId), key.sealedDetails) };
}

export async function openSealedFile(contentKey: Uint8Array, letterId: string, fileId: string, bytes: Uint8Array) {
  return openFile(await sodium(), contentKey, fileContext(letterId, fileId), bytes);
}

/** The content key wrapped for other readers (what the routing dialog does). */
export async function wrapFor(contentKey: Uint8Array, letterId: string, readers: Array<{ keyId: string; publicKey: string }>) {
  const s = await sodium();
  return readers.map((r) => ({ keyId: r.keyId, wrapped: wrapKey(s, contentKey, letterId, r.publicKey) }));
}

/** A classified draft made as the editor does: its id and a new content key chosen here, the key wrapped for the author and the recovery key and handed over with the content. */
export async function draftSealed(officer: Officer, content: Record<string, unknown>, kind: 'external' | 'memo' = 'external') {
  const s = await sodium();
  const status = await callerFor(officer.claims).caller.classified.status();
  const letterId = randomUUID();
  const key = s.crypto_aead_xchacha20poly1305_ietf_keygen();
  const keys = [{ keyId: officer.keyId, wrapped: wrapKey(s, key, letterId, officer.keys.publicKey) }];
  if (status.recovery) keys.push({ keyId: status.recovery.id, wrapped: wrapKey(s, key, letterId, status.recovery.publicKey) });
  const contentKey = s.to_base64(key, s.base64_variants.ORIGINAL);
  const created = await callerFor(officer.claims).caller.outgoing.create({ kind, content: content as never, sealing: { letterId, contentKey, keys } });
  return { id: created.id, key, contentKey };
}
