/**
 * The local exchange node in a process of its own, as the national service is elsewhere:
 * `EXCHANGE_NODE_CONFIG` holds its port, organisations and ministries (JSON).
 */
import { startExchangeNode } from '@/server/exchange/local-node';

const config = JSON.parse(process.env.EXCHANGE_NODE_CONFIG ?? '{}') as Parameters<typeof startExchangeNode>[0];
const node = await startExchangeNode(config);
console.log(`exchange node listening ${node.url}`);
process.on('SIGTERM', () => void node.close().then(() => process.exit(0)));
