/**
 * The server's WebhookDestinations: a webhook URL is allowed when none of the addresses
 * its host resolves to (every A/AAAA answer) is internal, or the operator allowed it.
 * `check` also returns the addresses it approved, so the sender connects to exactly those
 * instead of resolving again (a second answer could differ: DNS rebinding).
 */
import { lookup } from 'node:dns/promises';
import type { WebhookDestinations } from '../../core/ports/webhook-destinations.js';
import { hasUrlCredentials } from '../../core/webhooks/webhook-url-credentials.js';
import { canonicalHost, parseAllowedWebhookHosts } from './allowed-webhook-hosts.js';
import { internalAddressKind, ipFamily } from './internal-address-ranges.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** All A/AAAA answers for a host name; rejects (with a `code` such as ENOTFOUND) when there are none. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export type DestinationCheck =
  | { allowed: true; hostname: string; addresses: ResolvedAddress[] }
  | { allowed: false; reason: string };

export interface WebhookDestinationGuard extends WebhookDestinations {
  check(url: string): Promise<DestinationCheck>;
}

export interface WebhookDestinationGuardOptions {
  /** --webhook-allowed-hosts: host names, addresses and CIDR ranges let through anyway. */
  allowedHosts?: readonly string[];
  /** The system resolver (getaddrinfo, as the HTTP client would use) unless a test injects one. */
  resolveHost?: ResolveHost;
}

/** Names of cloud metadata services, refused before any lookup (some resolve only inside the cloud). */
const METADATA_HOST_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
]);

const ALLOW_HINT = 'allow it with --webhook-allowed-hosts (STRATA_WEBHOOK_ALLOWED_HOSTS)';

export const resolveWithSystem: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

const refused = (reason: string): DestinationCheck => ({ allowed: false, reason });

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

export function createWebhookDestinationGuard(options: WebhookDestinationGuardOptions = {}): WebhookDestinationGuard {
  const allowed = parseAllowedWebhookHosts(options.allowedHosts ?? []);
  const resolveHost = options.resolveHost ?? resolveWithSystem;

  async function addressesOf(hostname: string): Promise<ResolvedAddress[] | string> {
    const family = ipFamily(hostname);
    if (family !== undefined) return [{ address: hostname, family: family === 'ipv4' ? 4 : 6 }];
    try {
      const addresses = await resolveHost(hostname);
      return addresses.length > 0 ? addresses : `'${hostname}' does not resolve to any address`;
    } catch (error) {
      return `'${hostname}' does not resolve (${errorCode(error)})`;
    }
  }

  function internalAddressReason(hostname: string, addresses: readonly ResolvedAddress[]): string | undefined {
    for (const { address } of addresses) {
      const kind = allowed.hasAddress(address) ? undefined : internalAddressKind(address);
      if (kind === undefined) continue;
      const subject = ipFamily(hostname) !== undefined ? 'its host is' : `'${hostname}' resolves to`;
      return `${subject} ${kind} ${address}; ${ALLOW_HINT}`;
    }
    return undefined;
  }

  async function check(url: string): Promise<DestinationCheck> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return refused('it is not an absolute URL');
    }
    if (hasUrlCredentials(url)) return refused('it contains credentials (user:password@), which Strata does not send; remove them from the URL');
    const hostname = canonicalHost(parsed.hostname);
    const trustedName = allowed.hasName(hostname);
    if (!trustedName && METADATA_HOST_NAMES.has(hostname)) return refused(`'${hostname}' is a cloud metadata host name; ${ALLOW_HINT}`);
    const addresses = await addressesOf(hostname);
    if (typeof addresses === 'string') return refused(addresses);
    const reason = trustedName ? undefined : internalAddressReason(hostname, addresses);
    return reason === undefined ? { allowed: true, hostname, addresses } : refused(reason);
  }

  return {
    check,
    async whyRefused(url) {
      const result = await check(url);
      return result.allowed ? undefined : result.reason;
    },
  };
}
