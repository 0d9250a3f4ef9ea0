'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslations } from 'use-intl';
import type { SealedDetails } from '@/core/classified-crypto';
import { useTRPC, useTRPCClient } from '@/app/_trpc/react';
import { formatDate } from '@/server/shared/thai-date';
import { classifiedCrypto, useKeyring } from './keyring';
import { markClassifiedPdf } from './classified-files';

export type OpenedLetter = { details: SealedDetails; contentKey: Uint8Array };

/**
 * A classified letter opened in this browser: the viewer's wrapped content key fetched,
 * unwrapped with their unlocked key, and the sealed details opened. Both the unwrap and a
 * failure (tampered key or ciphertext) are reported to the audit log.
 */
export function useSealedLetter(letterId: string, sealedDetails: string | null) {
  const client = useTRPCClient();
  const { unlocked } = useKeyring();
  const sealed = sealedDetails !== null;
  const [state, setState] = useState<{ opened: OpenedLetter | null; error: 'tampered' | string | null }>({ opened: null, error: null });
  // The letter's key, held only for the unlock it came from: locking the person's key drops it.
  const [held, setHeld] = useState<{ by: object; key: Uint8Array } | null>(null);
  const contentKey = held && held.by === unlocked ? held.key : null;

  // The key is unwrapped once per unlock (and that is recorded), not at every refresh of the page.
  useEffect(() => {
    if (!sealed || !unlocked) return;
    let cancelled = false;
    void (async () => {
      try {
        const [c, key] = await Promise.all([classifiedCrypto(), client.classified.letterKey.query({ letterId })]);
        const s = await c.sodium();
        let unwrapped: Uint8Array;
        try {
          unwrapped = c.unwrapKey(s, key.wrapped, letterId, unlocked.pair);
        } catch {
          await client.classified.recordAccess.mutate({ letterId, act: 'unwrap_failed' });
          if (!cancelled) setState({ opened: null, error: 'tampered' });
          return;
        }
        await client.classified.recordAccess.mutate({ letterId, act: 'unwrapped' });
        if (!cancelled) setHeld({ by: unlocked, key: unwrapped });
      } catch (error) {
        const key = (error as { data?: { messageKey?: string } })?.data?.messageKey ?? 'internal';
        if (!cancelled) setState({ opened: null, error: key });
      }
    })();
    return () => { cancelled = true; };
  }, [client, letterId, sealed, unlocked]);

  // The details are opened again here whenever they change (a correction), with the key already held.
  useEffect(() => {
    if (!contentKey || !sealedDetails) return;
    let cancelled = false;
    void classifiedCrypto().then(async (c) => {
      const s = await c.sodium();
      try {
        const details = c.openJson<SealedDetails>(s, contentKey, c.detailsContext(letterId), sealedDetails);
        if (!cancelled) setState({ opened: { contentKey, details }, error: null });
      } catch {
        await client.classified.recordAccess.mutate({ letterId, act: 'unwrap_failed' });
        if (!cancelled) setState({ opened: null, error: 'tampered' });
      }
    });
    return () => { cancelled = true; };
  }, [client, letterId, contentKey, sealedDetails]);

  return unlocked ? state : { opened: null, error: null };
}

type Act = 'opened' | 'downloaded' | 'printed';

/** A refusal already put in the reader's language. */
class Refusal extends Error {}

/**
 * A sealed file's actions: fetched as ciphertext from `url`, opened here as it downloads, marked
 * on every page with the viewer's name, agency and the time, then shown, saved or printed;
 * each act audited.
 */
export function SealedFileActions({ letterId, fileId, url, fileName, secrecyLabel, open }: {
  letterId: string; fileId: string; url: string; fileName: string; secrecyLabel: string; open: (body: ReadableStream<Uint8Array>) => Promise<Uint8Array>;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const me = useQuery(trpc.me.get.queryOptions());
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  async function run(act: Act) {
    if (!me.data) return;
    setBusy(true);
    setFailed(null);
    try {
      const response = await fetch(url);
      if (!response.ok) {
        const answer = await response.json().catch(() => ({})) as { messageKey?: string };
        throw new Refusal(t.has(`errors.${answer.messageKey}` as never) ? t(`errors.${answer.messageKey}` as never) : t('errors.internal'));
      }
      let plain: Uint8Array;
      try {
        // Opened as it downloads: each segment is authenticated on arrival.
        plain = await open(response.body!);
      } catch {
        await client.classified.recordAccess.mutate({ letterId, act: 'unwrap_failed', fileId });
        throw new Refusal(t('classified.tampered'));
      }
      const viewer = t('classified.watermark', { name: me.data.user.fullNameTh, agency: me.data.agency.nameTh, time: formatDate(new Date(), { withTime: true, style: 'short' }) });
      const marked = await markClassifiedPdf(plain, { secrecy: secrecyLabel, viewer });
      await client.classified.recordAccess.mutate({ letterId, act, fileId });
      const blobUrl = URL.createObjectURL(new Blob([marked as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }));
      if (act === 'downloaded') {
        const a = document.createElement('a');
        a.href = blobUrl;
        a.download = fileName;
        a.click();
      } else if (act === 'printed') {
        const frame = document.createElement('iframe');
        frame.style.display = 'none';
        frame.src = blobUrl;
        frame.onload = () => frame.contentWindow?.print();
        document.body.appendChild(frame);
      } else {
        window.open(blobUrl, '_blank', 'noopener');
      }
      setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
    } catch (error) {
      setFailed(error instanceof Refusal ? error.message : t('errors.internal'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <span>{fileName}</span>{' '}
      <button type="button" className="link" disabled={busy} onClick={() => void run('opened')}>{busy ? t('classified.opening') : t('classified.openFile')}</button>{' '}
      <button type="button" className="link" disabled={busy} onClick={() => void run('downloaded')}>{t('classified.downloadFile')}</button>{' '}
      <button type="button" className="link" disabled={busy} onClick={() => void run('printed')}>{t('classified.printFile')}</button>
      {failed && <p className="form-error" role="alert">{failed}</p>}
    </>
  );
}

/**
 * Notes on a letter (routing notes, endorsements, actions taken): on a classified letter they
 * are sealed here before they are sent and opened here when shown; elsewhere plain text.
 */
export function useLetterNotes(letterId: string, sealed: boolean, opened: OpenedLetter | null) {
  const t = useTranslations();
  const [lib, setLib] = useState<{ c: Awaited<ReturnType<typeof classifiedCrypto>>; s: Awaited<ReturnType<Awaited<ReturnType<typeof classifiedCrypto>>['sodium']>> } | null>(null);
  useEffect(() => {
    if (!sealed || !opened) return;
    let cancelled = false;
    void classifiedCrypto().then(async (c) => {
      const s = await c.sodium();
      if (!cancelled) setLib({ c, s });
    });
    return () => { cancelled = true; };
  }, [sealed, opened]);

  function reveal(text: string) {
    if (!text.startsWith('sealed:')) return text;
    if (!opened || !lib) return t('classified.sealedText');
    try {
      return lib.c.openText(lib.s, opened.contentKey, letterId, text);
    } catch {
      return t('classified.tampered');
    }
  }

  async function seal(text: string) {
    if (!sealed) return text;
    if (!opened) throw new Error('classified letter not opened');
    const c = await classifiedCrypto();
    return c.sealText(await c.sodium(), opened.contentKey, letterId, text.trim());
  }

  return { sealed, ready: !sealed || Boolean(opened), reveal, seal };
}

export type LetterNotes = ReturnType<typeof useLetterNotes>;

/** A file of an opened incoming letter, opened from its download. */
export async function openSealedFile(opened: OpenedLetter, letterId: string, fileId: string, body: ReadableStream<Uint8Array>) {
  const c = await classifiedCrypto();
  return c.openFileStream(await c.sodium(), opened.contentKey, c.fileContext(letterId, fileId), body);
}
