import { createHash } from 'node:crypto';

/**
 * A UUID derived from a name (SHA-256, version and variant bits set), the same every time:
 * so a retried delivery or a message taken twice writes the same letter and objects.
 */
export function stableUuid(name: string) {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
