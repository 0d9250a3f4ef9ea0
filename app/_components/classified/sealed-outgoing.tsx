'use client';

import { useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';
import type { DraftContent } from '@/core/draft-content';
import { useTRPCClient } from '@/app/_trpc/react';
import { classifiedCrypto, useKeyring } from './keyring';

type Crypto = Awaited<ReturnType<typeof classifiedCrypto>>;
type Lib = { c: Crypto; s: Awaited<ReturnType<Crypto['sodium']>> };

/**
 * A classified outgoing letter opened in this browser: the viewer's wrapped key unwrapped
 * with their unlocked key, the shown version's sealed content opened. The key is handed to
 * the server only with a request that needs the text (save, sign), never kept there.
 */
export function useSealedOutgoing(letter: { id: string; secrecy: string } | undefined, sealedContent: string | null | undefined, version: number | undefined) {
  const t = useTranslations();
  const client = useTRPCClient();
  const { unlocked } = useKeyring();
  const classified = letter?.secrecy === 'confidential' || letter?.secrecy === 'secret';
  const [state, setState] = useState<{ lib: Lib; key: Uint8Array; content: DraftContent | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const letterId = letter?.id;

  useEffect(() => {
    if (!classified || !unlocked || !letterId) return;
    let cancelled = false;
    void (async () => {
      try {
        const [c, wrapped] = await Promise.all([classifiedCrypto(), client.classified.outgoingKey.query({ letterId })]);
        const s = await c.sodium();
        let key: Uint8Array;
        let content: DraftContent | null = null;
        try {
          key = c.unwrapKey(s, wrapped.wrapped, letterId, unlocked.pair);
          if (sealedContent && version) content = c.openJson<DraftContent>(s, key, c.draftContext(letterId, version), sealedContent);
        } catch {
          if (!cancelled) setError(t('classified.tampered'));
          return;
        }
        if (!cancelled) {
          setState({ lib: { c, s }, key, content });
          setError(null);
        }
      } catch (err) {
        const messageKey = (err as { data?: { messageKey?: string } })?.data?.messageKey ?? 'internal';
        if (!cancelled) setError(t(`errors.${messageKey}` as never));
      }
    })();
    return () => { cancelled = true; };
  }, [classified, unlocked, letterId, sealedContent, version, client, t]);

  const opened = classified && unlocked ? state : null;
  return {
    classified,
    opened: Boolean(opened),
    content: opened?.content ?? null,
    error: classified && unlocked ? error : null,
    /** The key as a request hands it over (only to one that needs the text). */
    keyForRequest: () => (opened ? opened.lib.c.toBase64(opened.lib.s, opened.key) : undefined),
    /** A comment or reason as it is sent: sealed on a classified letter. */
    seal: (text: string) => (opened && text.trim() ? opened.lib.c.sealText(opened.lib.s, opened.key, letter!.id, text.trim()) : text),
    /** A stored comment or reason as shown. */
    reveal: (text: string) => {
      if (!text.startsWith('sealed:')) return text;
      if (!opened) return t('classified.sealedText');
      try {
        return opened.lib.c.openText(opened.lib.s, opened.key, letter!.id, text);
      } catch {
        return t('classified.tampered');
      }
    },
    /** The letter's key wrapped for people it is given to (the review chain). */
    wrapFor: (readers: ReadonlyArray<{ keyId: string; publicKey: string }>) =>
      (opened ? readers.map((r) => ({ keyId: r.keyId, wrapped: opened.lib.c.wrapKey(opened.lib.s, opened.key, letter!.id, r.publicKey) })) : []),
    /** The letter's details for a receiving agency (subject, file names), sealed with its key and bound to it. */
    sealDetails: (details: { subject: string; remarks: string; files: Array<{ id: string; name: string; type: string }> }) =>
      (opened ? opened.lib.c.sealJson(opened.lib.s, opened.key, opened.lib.c.detailsContext(letter!.id), details) : ''),
    /** A file of the letter (an attachment, already a PDF) sealed here with its key, bound to the letter and the file's id. */
    sealFile: async (fileId: string, bytes: Uint8Array) => {
      if (!opened) throw new Error('not opened');
      return opened.lib.c.sealFile(opened.lib.s, opened.key, opened.lib.c.fileContext(letter!.id, fileId), bytes);
    },
    /** A sealed file of the letter (its signed PDF) opened from its download. */
    openFile: async (fileId: string, body: ReadableStream<Uint8Array>) => {
      if (!opened) throw new Error('not opened');
      return opened.lib.c.openFileStream(opened.lib.s, opened.key, opened.lib.c.fileContext(letter!.id, fileId), body);
    },
  };
}

export type SealedOutgoing = ReturnType<typeof useSealedOutgoing>;
