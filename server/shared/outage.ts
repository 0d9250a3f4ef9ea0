/**
 * Whether an error says a service this server depends on is down, and which: the database
 * (PostgreSQL refused, dropped or shut down the connection) or the object store (the S3
 * client could not reach it, or it answered 5xx). Such a failure is answered 503 with a
 * message naming what is unavailable, not a bare 500; the work is not half-done (the
 * transaction rolled back) and can be tried again once it is back.
 */
export type Outage = 'database_unavailable' | 'storage_unavailable';

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const postgresClientCodes = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);
// PostgreSQL's own: connection exceptions (08…), shutting down or starting (57P01–57P03).
const postgresServerCodes = /^(08\d{3}|57P0[1-3])$/;

function* chain(error: unknown) {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

export function outageOf(error: unknown): Outage | null {
  for (const e of chain(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    const metadata = e.$metadata as { httpStatusCode?: number } | undefined;
    // The AWS SDK marks every error it throws with $metadata.
    if (metadata) {
      if (networkCodes.has(code) || e.name === 'TimeoutError' || (metadata.httpStatusCode ?? 0) >= 500 || metadata.httpStatusCode === undefined) return 'storage_unavailable';
      return null;
    }
    if (postgresClientCodes.has(code) || postgresServerCodes.test(code)) return 'database_unavailable';
    // A socket error outside the AWS SDK (refused with the port, or reset while reading or
    // writing): the database connection; requests reach no other service directly.
    if (networkCodes.has(code) && (typeof e.port === 'number' || e.syscall === 'read' || e.syscall === 'write')) return 'database_unavailable';
  }
  return null;
}
