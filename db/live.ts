import { appPool } from './client';

/**
 * Committed changes a person's open page shows, as PostgreSQL announces them on the channel
 * `saraban_live` (triggers of migration 0056): the agency, the kind and, for a notification,
 * the person. Nothing of a letter. NOTIFY reaches every server listening, so this works with
 * several app servers behind one database.
 */
export const LIVE_KINDS = ['waiting', 'notification', 'delivery'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];
export type LiveChange = { tenantId: string; kind: LiveKind; userId: string | null };

/** `resync`: the listening connection was lost and is back; changes meanwhile were not heard. */
type Listener = (change: LiveChange | 'resync') => void;

const CHANNEL = 'saraban_live';

type Live = { byTenant: Map<string, Set<Listener>>; listening: Promise<unknown> | null; heardBefore: boolean };
const shared = globalThis as unknown as { __sarabanLive?: Live };
const live = (shared.__sarabanLive ??= { byTenant: new Map(), listening: null, heardBefore: false });

function parse(payload: string): LiveChange | null {
  try {
    const p = JSON.parse(payload) as { t?: unknown; k?: unknown; u?: unknown };
    if (typeof p.t !== 'string' || !(LIVE_KINDS as readonly unknown[]).includes(p.k)) return null;
    return { tenantId: p.t, kind: p.k as LiveKind, userId: typeof p.u === 'string' ? p.u : null };
  } catch {
    return null;
  }
}

function heard(payload: string) {
  const change = parse(payload);
  if (!change) return;
  for (const listener of live.byTenant.get(change.tenantId) ?? []) listener(change);
}

/** Called when LISTEN is in place: at first, and again after the connection was lost and made anew. */
function listening() {
  if (live.heardBefore) for (const listeners of live.byTenant.values()) for (const listener of listeners) listener('resync');
  live.heardBefore = true;
}

/**
 * Hears the agency's committed changes until the returned function is called. The first
 * listener opens this process's one listening connection (outside the pool; postgres.js
 * makes it anew and listens again if it drops); it is kept for the process's life.
 */
export async function onCommittedChange(tenantId: string, listener: Listener): Promise<() => void> {
  let listeners = live.byTenant.get(tenantId);
  if (!listeners) live.byTenant.set(tenantId, (listeners = new Set<Listener>()));
  listeners.add(listener);
  const stop = () => {
    listeners.delete(listener);
    if (listeners.size === 0 && live.byTenant.get(tenantId) === listeners) live.byTenant.delete(tenantId);
  };
  try {
    live.listening ??= appPool().client.listen(CHANNEL, heard, listening);
    await live.listening;
  } catch (error) {
    // The database is not there now: the next listener tries again.
    live.listening = null;
    stop();
    throw error;
  }
  return stop;
}
