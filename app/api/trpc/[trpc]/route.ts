import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/routers/_app';
import { createContext } from '@/server/trpc';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 1024 * 1024;

function handler(req: Request) {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) {
    return Response.json(
      { error: { message: 'payload_too_large', code: -32600, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, messageKey: 'payload_too_large' } } },
      { status: 413 },
    );
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    allowBatching: true,
    maxBatchSize: 20,
    createContext: ({ resHeaders }) => createContext({ headers: req.headers, resHeaders }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
