import postgres from 'postgres';
import { env } from '@/core/env';

/**
 * Committed changes a person's open page shows, as PostgreSQL announces them on the channel
 * `saraban_live` (triggers of migration 0056): the agency, the kind and, for a notification,
 * the person. Nothing of a letter. NOTIFY reaches every server listening, so this works with
 * several app servers behind one database.
 */
export const LIVE_KINDS = ['waiting', 'notification', 'delivery'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];
export type LiveChange = { tenantId: string; kind: LiveKind; userId: string | null };

/** `resync`: listening again after the connection was lost, when changes may have gone unheard. */
type Listener = (change: LiveChange | 'resync') => void;

const CHANNEL = 'saraban_live';
const RETRY_MS = [500, 1000, 2000, 5000];

type Live = {
  byTenant: Map<string, Set<Listener>>; started: boolean; everUp: boolean;
  /** Resolved while LISTEN is in place; a new one, pending, while it is being made again. */
  up: Promise<void>; markUp: () => void;
};
const shared = globalThis as unknown as { __sarabanLive?: Live };
const live = (shared.__sarabanLive ??= (() => {
  const state = { byTenant: new Map(), started: false, everUp: false } as unknown as Live;
  state.up = new Promise<void>((resolve) => { state.markUp = resolve; });
  return state;
})());

function parse(payload: string): LiveChange | null {
  try {
    const p = JSON.parse(payload) as { t?: unknown; k?: unknown; u?: unknown };
    if (typeof p.t !== 'string' || !(LIVE_KINDS as readonly unknown[]).includes(p.k)) return null;
    return { tenantId: p.t, kind: p.k as LiveKind, userId: typeof p.u === 'string' ? p.u : null };
  } catch {
    return null;
  }
}

function heard(channel: string, payload: string) {
  const change = channel === CHANNEL ? parse(payload) : null;
  if (!change) return;
  for (const listener of live.byTenant.get(change.tenantId) ?? []) listener(change);
}

function everyone(change: 'resync') {
  for (const listeners of live.byTenant.values()) for (const listener of listeners) listener(change);
}

/**
 * This process's one listening connection (outside the pool), for the process's life: made
 * anew whenever it is lost (PostgreSQL restarted, the network broke), each time telling every
 * listener to fetch again what it shows, since changes meanwhile were not heard.
 */
async function keepListening() {
  for (let attempt = 0; ; attempt++) {
    let lost!: () => void;
    const closed = new Promise<void>((resolve) => { lost = resolve; });
    const sql = postgres(env().DATABASE_APP_URL, {
      max: 1, idle_timeout: 0, max_lifetime: null, connect_timeout: 10, fetch_types: false, onnotice: () => {},
      onclose: () => lost(),
      // postgres.js hands notifications of a connection that LISTENs to this option.
      ...({ onnotify: heard } as object),
    });
    try {
      await sql.unsafe(`listen ${CHANNEL}`);
      attempt = 0;
      live.markUp();
      if (live.everUp) everyone('resync');
      live.everUp = true;
      await closed;
      live.up = new Promise<void>((resolve) => { live.markUp = resolve; });
    } catch {
      // Not reachable now: tried again shortly.
    }
    await sql.end({ timeout: 0 }).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
  }
}

/**
 * Hears the agency's committed changes until `stop` is called; `listening` is resolved once
 * every change committed from then on will be heard.
 */
export function onCommittedChange(tenantId: string, listener: Listener): { stop: () => void; listening: Promise<void> } {
  if (!live.started) {
    live.started = true;
    void keepListening();
  }
  let listeners = live.byTenant.get(tenantId);
  if (!listeners) live.byTenant.set(tenantId, (listeners = new Set<Listener>()));
  listeners.add(listener);
  const stop = () => {
    listeners.delete(listener);
    if (listeners.size === 0 && live.byTenant.get(tenantId) === listeners) live.byTenant.delete(tenantId);
  };
  return { stop, listening: live.up };
}
