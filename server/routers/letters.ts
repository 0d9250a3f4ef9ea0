import { z } from 'zod';
import { AppError } from '@/core/errors';
import { listLetterFiles } from '@/server/registry/list-letter-files';
import { getLetter, listInbox, listNotifications } from '@/server/routing/letter-views';
import { routeLetter, routeLetterInput } from '@/server/routing/route-letter';
import { listRouteRecipients } from '@/server/routing/route-recipients';
import { endorseInput, endorseLetter, markLetterRead, markNotificationsRead, recordAction, recordActionInput } from '@/server/routing/work-on-letter';
import { can, router, tenantProcedure } from '@/server/trpc';

const open = can('open');
const letterId = z.object({ letterId: z.uuid() });

/** Registry officers, unit clerks (receive) and executives (sign) pass letters on. */
const passesLettersOn = tenantProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer.permissions.has('receive') && !ctx.viewer.permissions.has('sign')) throw new AppError('forbidden');
  return next();
});

export const lettersRouter = router({
  get: open.input(letterId).query(({ ctx, input }) => getLetter(ctx.db, ctx.viewer, input.letterId)),
  /** The letter's files, for anyone who may open the letter (row-level security decides which letters). */
  files: open.input(letterId).query(({ ctx, input }) => listLetterFiles(ctx.db, ctx.tenantId, input.letterId)),
  markRead: open.input(letterId).mutation(({ ctx, input }) => markLetterRead(ctx.db, ctx.viewer, input.letterId)),
  inbox: open.query(({ ctx }) => listInbox(ctx.db, ctx.viewer)),
  route: passesLettersOn.input(routeLetterInput).mutation(({ ctx, input }) => routeLetter(ctx.db, ctx.viewer, input)),
  endorse: can('sign').input(endorseInput).mutation(({ ctx, input }) => endorseLetter(ctx.db, ctx.viewer, input)),
  recordAction: open.input(recordActionInput).mutation(({ ctx, input }) => recordAction(ctx.db, ctx.viewer, input)),
  /** Whom a letter can be routed to: the agency's units and active people. */
  recipients: passesLettersOn.query(({ ctx }) => listRouteRecipients(ctx.db, ctx.tenantId)),
  notifications: tenantProcedure.query(({ ctx }) => listNotifications(ctx.db, ctx.viewer)),
  markNotificationsRead: tenantProcedure.mutation(({ ctx }) => markNotificationsRead(ctx.db, ctx.viewer)),
});
