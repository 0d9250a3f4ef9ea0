'use client';

import type { useTRPCClient } from '@/app/_trpc/react';
import { EndpointError } from '@/app/_components/use-app-error';
import { classifiedCrypto, type useKeyring } from './keyring';

/**
 * A new classified outgoing letter's sealing, made in this browser: its id and a new content
 * key, wrapped for the person (their unlocked key) and the agency's recovery key. The key goes
 * to the server with the one request that seals the first version, and is wiped here after.
 */
export async function newSealing(client: ReturnType<typeof useTRPCClient>, unlocked: ReturnType<typeof useKeyring>['unlocked']) {
  if (!unlocked) throw new EndpointError({ messageKey: 'classified_sealed_required' });
  const [c, status] = await Promise.all([classifiedCrypto(), client.classified.status.query()]);
  if (!status.recovery) throw new EndpointError({ messageKey: 'classified_recovery_key_missing' });
  const s = await c.sodium();
  const letterId = crypto.randomUUID();
  const key = c.newContentKey(s);
  const keys = [
    { keyId: unlocked.keyId, wrapped: c.wrapKey(s, key, letterId, unlocked.pair.publicKey) },
    { keyId: status.recovery.id, wrapped: c.wrapKey(s, key, letterId, status.recovery.publicKey) },
  ];
  return { sealing: { letterId, contentKey: c.toBase64(s, key), keys }, wipe: () => s.memzero(key) };
}
