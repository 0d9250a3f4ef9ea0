import { createServer } from 'node:net';

/** A TCP port free on loopback right now (for servers the tests and benchmarks start). */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}
