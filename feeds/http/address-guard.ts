import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { HttpError } from '../feed-adapter.ts';

/** Addresses a feed URL must not reach unless private networks are allowed: loopback, private, link-local, multicast, reserved. */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // An IPv4-mapped IPv6 address is judged by the IPv4 address it carries.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return !blocked.check(mapped, 'ipv4');
  return !blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Which non-public addresses may be reached anyway: all (`true`, config `http.allowPrivateNetworks`),
 * none (`false`), or those of an allow-list (`allowList`, config `alerts.allowNetworks`).
 */
export type PrivateNetworks = boolean | BlockList;

/** An allow-list from CIDRs such as `127.0.0.1/32` or `fd00::/8`. */
export function allowList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, prefix] = cidr.split('/') as [string, string];
    list.addSubnet(net, Number(prefix), isIP(net) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

const permitted = (address: string, allow: PrivateNetworks): boolean =>
  allow === true || isPublicAddress(address) || (allow !== false && allow.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4'));

/** A resolver with `dns.lookup`'s callback signature. */
export type Resolver = typeof dnsLookup;

/**
 * The `lookup` of the sockets feed requests open. Unless private networks are allowed, a host is
 * refused when any address it resolves to is not public (so one public record cannot smuggle in
 * a private one). The check is made on the very answer the connection then uses: a host cannot
 * resolve to a public address for the check and to a private one for the connection (DNS
 * rebinding).
 */
export function guardedLookup(allow: PrivateNetworks, resolve: Resolver = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true, verbatim: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.find((a) => !permitted(a.address, allow));
      if (refused !== undefined || addresses.length === 0) {
        return callback(new HttpError(hostname, undefined, `refused ${hostname}: resolves to non-public address ${refused?.address ?? '(none)'}`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Refuses URLs other than http(s), and literal addresses that are not public unless private
 * networks are allowed. Host names are checked when the connection resolves them (`guardedLookup`).
 */
export function checkUrl(url: string, allow: PrivateNetworks): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HttpError(url, undefined, `not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HttpError(url, undefined, `refused ${parsed.protocol} URL; only http and https are fetched`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0 && !permitted(host, allow)) {
    throw new HttpError(url, undefined, `refused ${parsed.host}: resolves to non-public address ${host}`);
  }
  return parsed;
}
