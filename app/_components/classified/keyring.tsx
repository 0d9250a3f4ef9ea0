'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { KeyPair } from '@/core/classified-crypto';
import { useTRPCClient } from '@/app/_trpc/react';

type Unlocked = { keyId: string; pair: KeyPair; fingerprint: string };

type Keyring = {
  /** The person's key pair while unlocked: in this tab's memory only, gone on reload, sign-out or after 15 minutes. */
  unlocked: Unlocked | null;
  /** Unlocks with the classified passphrase; throws SealBroken on a wrong one (reported and throttled). */
  unlock: (passphrase: string) => Promise<void>;
  lock: () => void;
};

const KeyringContext = createContext<Keyring | null>(null);

/** An unlocked key locks itself this long after it was unlocked, whatever the person is doing. */
const UNLOCKED_FOR_MS = 15 * 60 * 1000;

/** libsodium and the crypto core, loaded only when a classified letter is touched. */
export const classifiedCrypto = () => import('@/core/classified-crypto');

export function ClassifiedKeyring({ children }: { children: ReactNode }) {
  const client = useTRPCClient();
  const [unlocked, setUnlocked] = useState<Unlocked | null>(null);

  const unlock = useCallback(async (passphrase: string) => {
    const [c, { owner, key }] = await Promise.all([classifiedCrypto(), client.classified.sealedKey.query()]);
    if (!key) throw new Error('no key');
    const s = await c.sodium();
    let pair: KeyPair;
    try {
      pair = c.unlockKeyPair(s, key, passphrase, owner);
    } catch (error) {
      await client.classified.unlockResult.mutate({ ok: false });
      throw error;
    }
    await client.classified.unlockResult.mutate({ ok: true });
    setUnlocked({ keyId: key.id, pair, fingerprint: key.fingerprint });
  }, [client]);

  const lock = useCallback(() => setUnlocked((current) => {
    if (current) current.pair.privateKey.fill(0);
    return null;
  }), []);

  useEffect(() => {
    if (!unlocked) return;
    const timer = setTimeout(lock, UNLOCKED_FOR_MS);
    return () => clearTimeout(timer);
  }, [unlocked, lock]);

  const value = useMemo(() => ({ unlocked, unlock, lock }), [unlocked, unlock, lock]);
  return <KeyringContext.Provider value={value}>{children}</KeyringContext.Provider>;
}

export function useKeyring() {
  const keyring = useContext(KeyringContext);
  if (!keyring) throw new Error('useKeyring outside ClassifiedKeyring');
  return keyring;
}
