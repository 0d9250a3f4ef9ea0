import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { env } from '@/core/env';

/**
 * Agencies name their own mail servers (an IMAP mailbox, an SMTP server), so the platform
 * connects where an agency admin says. Without care that is a way into the hosting network
 * (SSRF). The rules:
 * - MAIL_ALLOWED_HOSTS, when set, limits the names (`mail.go.th,*.example.go.th`);
 * - whatever the name, it is resolved once and every address it gives must be public:
 *   loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254),
 *   multicast and reserved ranges are refused, unless the platform names that host
 *   (exact name or address) in MAIL_INTERNAL_HOSTS, e.g. a ministry's own mail server;
 * - the connection goes to the address that was checked (TLS still verifies the name), so
 *   a second DNS answer cannot send it elsewhere.
 */

const nonPublic = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) nonPublic.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['2002::', 16],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) nonPublic.addSubnet(net, bits, 'ipv6');

/** Whether an address is one the platform must not be made to reach for an agency. */
export function isNonPublicAddress(address: string) {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isNonPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return true;
  return nonPublic.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const rulesOf = (allowed: string | undefined) => (allowed ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);

const bare = (host: string) => host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');

type HostRules = { allowed?: string; internal?: string };

const platformRules = (): HostRules => ({ allowed: env().MAIL_ALLOWED_HOSTS, internal: env().MAIL_INTERNAL_HOSTS });

/** Whether an agency may name this host (MAIL_ALLOWED_HOSTS unset: any public host; internal ones only as MAIL_INTERNAL_HOSTS lists). */
export function mailHostAllowed(host: string, rules: HostRules = platformRules()) {
  const names = rulesOf(rules.allowed);
  const name = bare(host);
  const internal = rulesOf(rules.internal).includes(name);
  if ((name === 'localhost' || name.endsWith('.localhost')) && !internal) return false;
  if (isIP(name) && isNonPublicAddress(name) && !internal) return false;
  if (names.length === 0 || internal) return true;
  return names.some((rule) => (rule.startsWith('*.') ? name.endsWith(rule.slice(1)) : name === rule));
}

export class MailHostRefused extends Error {
  constructor() {
    super('mail_host_not_allowed');
  }
}

/**
 * Where to connect for this host: an address checked as above, and the name for TLS.
 * Throws MailHostRefused (nothing is connected) when the name or any address is refused.
 */
export async function mailConnectTarget(host: string, rules: HostRules = platformRules()) {
  const name = bare(host);
  if (!mailHostAllowed(name, rules)) throw new MailHostRefused();
  const explicitlyAllowed = rulesOf(rules.internal).includes(name);
  const addresses = isIP(name) ? [{ address: name }] : await lookup(name, { all: true, verbatim: true }).catch(() => []);
  if (addresses.length === 0) throw new Error('mail_connection_failed');
  if (!explicitlyAllowed && addresses.some((a) => isNonPublicAddress(a.address))) throw new MailHostRefused();
  return { address: addresses[0]!.address, servername: isIP(name) ? undefined : name };
}

/**
 * What an agency is told when a connection to its mail server fails: a message key, never
 * the socket's own words (which tell an attacker what answered on which port).
 */
export function mailFailureKey(error: unknown) {
  if (error instanceof MailHostRefused) return 'mail_host_not_allowed';
  const e = error as { authenticationFailed?: boolean; code?: string; responseCode?: number };
  if (e?.authenticationFailed || e?.code === 'EAUTH') return 'mail_auth_failed';
  return 'mail_connection_failed';
}
