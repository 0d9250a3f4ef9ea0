import { createCallerFactory, router } from '@/server/trpc';
import { agencyRouter } from './agency';
import { auditRouter } from './audit';
import { classifiedRouter } from './classified';
import { intakeRouter } from './intake';
import { exchangeRouter } from './exchange';
import { keepingRouter } from './keeping';
import { lettersRouter } from './letters';
import { liveRouter } from './live';
import { mailRouter } from './mail';
import { outgoingRouter } from './outgoing';
import { meRouter } from './me';
import { peopleRouter } from './people';
import { platformRouter } from './platform';
import { registryRouter } from './registry';
import { searchRouter } from './search';
import { unitsRouter } from './units';

export const appRouter = router({
  me: meRouter,
  agency: agencyRouter,
  units: unitsRouter,
  people: peopleRouter,
  audit: auditRouter,
  classified: classifiedRouter,
  intake: intakeRouter,
  registry: registryRouter,
  search: searchRouter,
  letters: lettersRouter,
  exchange: exchangeRouter,
  keeping: keepingRouter,
  mail: mailRouter,
  outgoing: outgoingRouter,
  platform: platformRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;

/** The procedures called in-process (server components, file endpoints), with the same context and checks as over HTTP. */
export const createCaller = createCallerFactory(appRouter);
