import { liveChanges } from '@/server/live/live-changes';
import { router, viewerCan } from '@/server/trpc';

export const liveRouter = router({
  /**
   * Server-sent events naming the kinds of committed change the person's pages show (server/live/).
   * The person is checked in a short transaction; the stream then holds no database connection.
   */
  changes: viewerCan(null).subscription(({ ctx, signal }) => liveChanges(ctx.viewer, signal)),
});
