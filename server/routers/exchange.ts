import {
  directorySearchInput, getConnection, refreshDirectory, saveConnection, saveConnectionInput, searchDirectory, testConnection,
} from '@/server/exchange/connection';
import { deliveryInput, resendDelivery, withdrawDelivery } from '@/server/exchange/send-letter';
import { can, router, viewerCan } from '@/server/trpc';

const admin = can('admin');

export const exchangeRouter = router({
  /** The agency's government exchange connection (admin); never its password. */
  connection: admin.query(({ ctx }) => getConnection(ctx.db, ctx.tenantId)),
  saveConnection: admin.input(saveConnectionInput).mutation(({ ctx, input }) => saveConnection(ctx.db, ctx.viewer, input)),
  /** Asks the node with the stored settings, holding no database connection meanwhile; says what failed. */
  testConnection: viewerCan('admin').mutation(({ ctx }) => testConnection(ctx.viewer)),
  refreshDirectory: viewerCan('admin').mutation(({ ctx }) => refreshDirectory(ctx.viewer)),
  /** Organisations of the exchange by name, for the recipient picker. */
  directory: can('send').input(directorySearchInput).query(({ ctx, input }) => searchDirectory(ctx.db, ctx.tenantId, input)),
  withdraw: viewerCan('send').input(deliveryInput).mutation(({ ctx, input }) => withdrawDelivery(ctx.viewer, input)),
  resend: can('send').input(deliveryInput).mutation(({ ctx, input }) => resendDelivery(ctx.db, ctx.viewer, input)),
});
