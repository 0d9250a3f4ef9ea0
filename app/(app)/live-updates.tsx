'use client';

import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { useTRPC } from '@/app/_trpc/react';
import type { LiveEvent } from '@/server/live/live-changes';

type Trpc = ReturnType<typeof useTRPC>;

/** What each change means for the lists a page may show: they are fetched again (only those on screen). */
function refetcher(queryClient: QueryClient, trpc: Trpc) {
  let started = false;
  const refetch = (...keys: Array<readonly unknown[]>) => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
  return (event: LiveEvent) => {
    switch (event) {
      case 'ready':
        // Connected again after a break: what changed meanwhile was not heard.
        if (started) void queryClient.invalidateQueries();
        started = true;
        return;
      case 'resync': return void queryClient.invalidateQueries();
      case 'waiting': return refetch(trpc.registry.waiting.queryKey());
      case 'notification': return refetch(trpc.letters.notifications.queryKey(), trpc.letters.inbox.queryKey(), trpc.outgoing.list.queryKey(), trpc.outgoing.get.pathKey());
      case 'delivery': return refetch(trpc.outgoing.get.pathKey(), trpc.outgoing.undelivered.queryKey(), trpc.outgoing.list.queryKey());
    }
  };
}

/**
 * Keeps the open page current without reloading: the server tells of each committed change
 * the person may see (server/live/, server-sent events), and the lists it touches are fetched
 * again. When the stream starts again after a break, everything shown is fetched again.
 */
export function LiveUpdates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [onData] = useState(() => refetcher(queryClient, trpc));
  useSubscription(trpc.live.changes.subscriptionOptions(undefined, { onData }));
  return null;
}
