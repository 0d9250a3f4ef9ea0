import { onCommittedChange, type LiveChange, type LiveKind } from '@/db/live';
import type { Viewer } from '@/server/auth/load-viewer';

/**
 * What a person's open pages are told: `ready` when the stream (re)starts (anything may have
 * changed while it was away), then the kinds of change they may see, each as soon as it is
 * committed. A kind that comes again before the last was passed on is passed on once.
 */
export type LiveEvent = LiveKind | 'ready' | 'resync';

/** Whether this person is told of a change: waiting letters to those who register, notifications to their own person, deliveries to those who open letters. */
export function concerns(viewer: Viewer, change: LiveChange) {
  switch (change.kind) {
    case 'waiting': return viewer.permissions.has('receive');
    case 'notification': return change.userId === viewer.user.id;
    case 'delivery': return viewer.permissions.has('open');
  }
}

/** The person's changes until `signal` ends the stream (the browser left, or the stream's time is up). */
export async function* liveChanges(viewer: Viewer, signal: AbortSignal | undefined): AsyncGenerator<LiveEvent> {
  const pending = new Set<LiveEvent>();
  let wake: (() => void) | null = null;
  const push = (event: LiveEvent) => {
    pending.add(event);
    wake?.();
  };
  const { stop, listening } = onCommittedChange(viewer.tenant.id, (change) => {
    if (change === 'resync') push('resync');
    else if (concerns(viewer, change)) push(change.kind);
  });
  const ended = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
  try {
    // Ready once every change committed from now on will be heard.
    await Promise.race([listening, ended]);
    if (signal?.aborted) return;
    yield 'ready';
    while (!signal?.aborted) {
      if (pending.size === 0) {
        await Promise.race([new Promise<void>((resolve) => { wake = resolve; }), ended]);
        wake = null;
        continue;
      }
      const events = [...pending];
      pending.clear();
      for (const event of events) yield event;
    }
  } finally {
    stop();
  }
}
