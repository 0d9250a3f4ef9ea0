import type { IncomingMessage } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from '@/server/routers/_app';
import { createContext } from '@/server/trpc';
import { CLIENT_ADDRESS_HEADER } from './front-door';

export const TRPC_PATH = '/api/trpc/';
export const MAX_BODY_BYTES = 1024 * 1024;

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v ?? null;
};

/**
 * The tRPC endpoint, served by the same HTTP server as the pages but handed the
 * request before Next.js routing (which alone costs more than the whole query).
 */
export function createTrpcHttpHandler() {
  return createHTTPHandler({
    router: appRouter,
    basePath: TRPC_PATH,
    maxBodySize: MAX_BODY_BYTES,
    allowBatching: true,
    maxBatchSize: 20,
    createContext: ({ req, res }) => createContext({
      cookie: header(req, 'cookie'),
      clientAddress: header(req, CLIENT_ADDRESS_HEADER),
      setCookie: (cookie) => res.appendHeader('set-cookie', cookie),
    }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'}:`, error.cause ?? error);
    },
  });
}
