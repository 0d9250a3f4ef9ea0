'use client';

import { useQuery } from '@tanstack/react-query';
import type { SealedDetails } from '@/core/classified-crypto';
import { useTRPCClient } from '@/app/_trpc/react';
import { classifiedCrypto, useKeyring } from './keyring';

/**
 * The subjects of a list page's classified letters the person holds keys for, opened in this
 * browser while their key is unlocked (the server hands out the wrapped keys and records it).
 * Returns the subject to show for a row: its own, the opened one, or the placeholder.
 */
export function useSealedSubjects(rows: ReadonlyArray<{ id: string; subject: string; secrecy: string }>, placeholder: string) {
  const client = useTRPCClient();
  const { unlocked } = useKeyring();
  const sealedIds = rows.filter((r) => r.subject === '' && r.secrecy !== 'normal').map((r) => r.id).slice(0, 100);
  const opened = useQuery({
    queryKey: ['sealed-subjects', unlocked?.keyId ?? null, sealedIds],
    enabled: Boolean(unlocked) && sealedIds.length > 0,
    staleTime: Infinity,
    queryFn: async () => {
      const [c, keys] = await Promise.all([classifiedCrypto(), client.classified.letterKeys.query({ letterIds: sealedIds })]);
      const s = await c.sodium();
      const subjects = new Map<string, string>();
      for (const k of keys) {
        try {
          const contentKey = c.unwrapKey(s, k.wrapped, k.letterId, unlocked!.pair);
          subjects.set(k.letterId, c.openJson<SealedDetails>(s, contentKey, c.detailsContext(k.letterId), k.sealedDetails).subject);
          s.memzero(contentKey);
        } catch {
          // A key or details that do not open show the placeholder; opening the letter reports it.
        }
      }
      return subjects;
    },
  });
  return (row: { id: string; subject: string }) => (row.subject !== '' ? row.subject : opened.data?.get(row.id) ?? placeholder);
}
