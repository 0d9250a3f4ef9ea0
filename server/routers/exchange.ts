import {
  directorySearchInput, getConnection, refreshDirectory, saveConnection, saveConnectionInput, searchDirectory, testConnection,
} from '@/server/exchange/connection';
import { arrivalInput, keptArrivals, keptArrivalsInput, retryArrival } from '@/server/exchange/kept-arrivals';
import { deliveryInput, resendDelivery, withdrawDelivery } from '@/server/exchange/send-letter';
import { can, router, viewerCan } from '@/server/trpc';

const admin = can('admin');

export const exchangeRouter = router({
  /** The agency's government exchange connection (admin); never its password. */
  connection: admin.query(({ ctx }) => getConnection(ctx.db, ctx.tenantId)),
  saveConnection: admin.input(saveConnectionInput).mutation(({ ctx, input }) => saveConnection(ctx.db, ctx.viewer, input)),
  /** Asks the node with the stored settings, holding no database connection meanwhile; says what failed. */
  testConnection: viewerCan('admin').mutation(({ ctx }) => testConnection(ctx.viewer)),
  /** Letters pulled and kept that are not in the waiting list yet (their take trying again, or given up), oldest first. */
  keptArrivals: admin.input(keptArrivalsInput).query(({ ctx, input }) => keptArrivals(ctx.db, ctx.tenantId, input)),
  retryArrival: admin.input(arrivalInput).mutation(({ ctx, input }) => retryArrival(ctx.db, ctx.viewer, input)),
  refreshDirectory: viewerCan('admin').mutation(({ ctx }) => refreshDirectory(ctx.viewer)),
  /** Organisations of the exchange by name, for the recipient picker. */
  directory: can('send').input(directorySearchInput).query(({ ctx, input }) => searchDirectory(ctx.db, ctx.tenantId, input)),
  withdraw: viewerCan('send').input(deliveryInput).mutation(({ ctx, input }) => withdrawDelivery(ctx.viewer, input)),
  resend: can('send').input(deliveryInput).mutation(({ ctx, input }) => resendDelivery(ctx.db, ctx.viewer, input)),
});
