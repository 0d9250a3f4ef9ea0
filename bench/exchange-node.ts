/**
 * The local exchange node in a process of its own, as the national service is elsewhere:
 * `EXCHANGE_NODE_CONFIG` holds its port, organisations and ministries (JSON). Each time an
 * organisation's queue is emptied (its last item deleted by its pull) it prints the time
 * (`queue <org> empty at <epoch ms>`), so the benchmark can tell the pace at which items leave the node.
 */
import { startExchangeNode } from '@/server/exchange/local-node';

const config = JSON.parse(process.env.EXCHANGE_NODE_CONFIG ?? '{}') as Parameters<typeof startExchangeNode>[0];
const node = await startExchangeNode(config);
console.log(`exchange node listening ${node.url}`);
const had = new Map<string, number>();
setInterval(() => {
  for (const { id } of node.organizations) {
    const now = node.queued(id);
    if (now === 0 && (had.get(id) ?? 0) > 0) console.log(`queue ${id} empty at ${Date.now()}`);
    had.set(id, now);
  }
}, 5).unref();
process.on('SIGTERM', () => void node.close().then(() => process.exit(0)));
