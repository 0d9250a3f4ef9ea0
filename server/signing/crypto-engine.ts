import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

// pkijs works through WebCrypto: Node's implementation.
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
