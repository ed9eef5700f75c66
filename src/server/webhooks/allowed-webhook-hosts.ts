/**
 * The operator's allow-list (--webhook-allowed-hosts / STRATA_WEBHOOK_ALLOWED_HOSTS):
 * host names, IP addresses and CIDR ranges that webhooks may reach even though they are
 * internal, e.g. a CI server on the private network or a receiver on 127.0.0.1 in tests.
 */
import { BlockList } from 'node:net';
import { invalidParameter } from '../../core/errors.js';
import { addCidr, ipFamily } from './internal-address-ranges.js';

export interface AllowedWebhookHosts {
  /** True for a host name on the list (the name is trusted, whatever it resolves to). */
  hasName(hostname: string): boolean;
  hasAddress(address: string): boolean;
}

/** `[::1]` → `::1`, `Example.COM.` → `example.com`: the one spelling lists and URLs are compared in. */
export function canonicalHost(host: string): string {
  return host.trim().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

const HOST_NAME = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

export function parseAllowedWebhookHosts(entries: readonly string[]): AllowedWebhookHosts {
  const names = new Set<string>();
  const addresses = new BlockList();
  for (const entry of entries.map(canonicalHost).filter((e) => e !== '')) {
    if (entry.includes('/') || ipFamily(entry) !== undefined) {
      if (!addCidr(addresses, entry)) throw invalidParameter(`Invalid webhook allowed host '${entry}': not an IP address or CIDR range.`);
    } else if (HOST_NAME.test(entry)) {
      names.add(entry);
    } else {
      throw invalidParameter(`Invalid webhook allowed host '${entry}': expected a host name, an IP address or a CIDR range.`);
    }
  }
  return {
    hasName: (hostname) => names.has(canonicalHost(hostname)),
    hasAddress: (address) => {
      const family = ipFamily(address);
      return family !== undefined && addresses.check(address, family);
    },
  };
}
