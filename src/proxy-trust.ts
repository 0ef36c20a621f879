import { isIP } from 'node:net';
import { z } from 'zod';

/** How far `X-Forwarded-For` is believed: not at all, a fixed number of proxy hops, or only from the proxies listed. */
export type ProxyTrust = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'proxies'; proxies: string[] };

/** The most proxy hops TRUST_PROXY may name. */
export const MAX_PROXY_HOPS = 10;
// proxy-addr's named ranges: 127.0.0.1/8 and ::1; 169.254.0.0/16 and fe80::/10; 10/8, 172.16/12, 192.168/16 and fc00::/7.
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MESSAGE =
  `must be 0 (no proxy), the number of reverse proxies in front of Bangfu (1-${MAX_PROXY_HOPS}), ` +
  'or a comma-separated list of the addresses or CIDR ranges of the proxies (e.g. 10.0.0.5,192.168.1.0/24, or loopback)';

function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** TRUST_PROXY as written: 0/false, a hop count (1 or true = one proxy), or a list of proxy addresses and CIDRs. */
export const proxyTrustSchema = z
  .string()
  .trim()
  .transform((text, ctx): ProxyTrust => {
    const word = text.toLowerCase();
    if (['0', 'false', 'no'].includes(word)) return { kind: 'none' };
    if (['true', 'yes'].includes(word)) return { kind: 'hops', hops: 1 };
    if (/^\d+$/.test(word) && Number(word) <= MAX_PROXY_HOPS) return { kind: 'hops', hops: Number(word) };
    const proxies = text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (proxies.length > 0 && proxies.every(isProxyAddress)) return { kind: 'proxies', proxies };
    ctx.addIssue({ code: 'custom', message: MESSAGE });
    return z.NEVER;
  });

/** The trust function fastify is given for a hop count. */
export type HopTrust = (address: string, hop: number) => boolean;

/**
 * fastify's `trustProxy` for a ProxyTrust. Hop 0 is the socket peer, hop 1 the last X-Forwarded-For entry (what the
 * nearest proxy appended), and so on: trusting hops below N makes the client the entry the Nth proxy appended, whatever
 * the client wrote in front of it. A function, not a number: fastify ≥ 5.12.1 ignores a numeric trustProxy.
 */
export function fastifyTrustProxy(trust: ProxyTrust): false | string[] | HopTrust {
  if (trust.kind === 'none') return false;
  if (trust.kind === 'proxies') return trust.proxies;
  const { hops } = trust;
  return (_address, hop) => hop < hops;
}
