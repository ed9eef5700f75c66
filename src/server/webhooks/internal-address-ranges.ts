/**
 * Addresses a webhook must not reach unless an operator allows them: the server's own
 * machine, its private networks and the cloud metadata service live there. IPv4-mapped
 * IPv6 spellings (::ffff:127.0.0.1) match their IPv4 range: BlockList compares them so.
 */
import { BlockList, isIP } from 'node:net';

/** Each kind reads as "<host> is <kind> <address>" or "resolves to <kind> <address>". */
const INTERNAL_RANGES: ReadonlyArray<readonly [kind: string, ranges: readonly string[]]> = [
  ['an unspecified address', ['0.0.0.0/8', '::/128']],
  ['a loopback address', ['127.0.0.0/8', '::1/128']],
  ['a private address', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['a carrier-grade NAT (private) address', ['100.64.0.0/10']],
  ['a link-local address', ['169.254.0.0/16', 'fe80::/10']],
  ['a unique-local (private) address', ['fc00::/7', 'fec0::/10']],
  ['a multicast address', ['224.0.0.0/4', 'ff00::/8']],
  ['a broadcast address', ['255.255.255.255/32']],
  ['a reserved address', ['240.0.0.0/4']],
];

export function ipFamily(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** Adds `cidr` (or a single address when it has no prefix length) to `list`; false when it is not one. */
export function addCidr(list: BlockList, cidr: string): boolean {
  const [address = '', prefixText, ...rest] = cidr.split('/');
  const family = ipFamily(address);
  if (family === undefined || rest.length > 0) return false;
  if (prefixText === undefined) {
    list.addAddress(address, family);
    return true;
  }
  const prefix = Number(prefixText);
  if (!/^\d+$/.test(prefixText) || prefix > (family === 'ipv4' ? 32 : 128)) return false;
  list.addSubnet(address, prefix, family);
  return true;
}

const INTERNAL_LISTS = INTERNAL_RANGES.map(([kind, ranges]) => {
  const list = new BlockList();
  for (const range of ranges) addCidr(list, range);
  return [kind, list] as const;
});

/** What kind of internal address `address` is, or undefined for a public one (or not an IP). */
export function internalAddressKind(address: string): string | undefined {
  const family = ipFamily(address);
  if (family === undefined) return undefined;
  return INTERNAL_LISTS.find(([, list]) => list.check(address, family))?.[0];
}
