/**
 * Which Host headers the server answers, against DNS rebinding: a page on attacker.example
 * can point its own name at 127.0.0.1 and then read a local server through the victim's
 * browser, but the browser still sends `Host: attacker.example`. Entries, as MLflow 3.5's
 * --allowed-hosts takes them: `name` (any port), `name:port`, `*` (everything), and `*`
 * inside a name as a wildcard (`*.example.com`, `192.168.*`, see hostPatternToRegExp).
 */

/** Host names that always mean this machine; `*.localhost` resolves to loopback by RFC 6761. */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]', '*.localhost'];

export const ANY_HOST = '*';

interface HostPattern {
  name: RegExp;
  /** Undefined: any port. */
  port: string | undefined;
}

export interface HostAllowlist {
  allowsAny: boolean;
  allows(hostHeader: string | undefined): boolean;
}

/** `[::1]:5000` → { name: '[::1]', port: '5000' }; names lowercased, a trailing root dot dropped. */
export function splitHost(host: string): { name: string; port: string | undefined } {
  const text = host.trim().toLowerCase();
  // An IPv6 address written without brackets (in a configured entry) has no port.
  if (!text.startsWith('[') && text.indexOf(':') !== text.lastIndexOf(':')) return { name: `[${text}]`, port: undefined };
  const portStart = text.startsWith('[') ? text.indexOf(']') + 1 : text.lastIndexOf(':');
  const hasPort = portStart > 0 && text[portStart] === ':';
  const name = hasPort ? text.slice(0, portStart) : text;
  return { name: name.endsWith('.') ? name.slice(0, -1) : name, port: hasPort ? text.slice(portStart + 1) : undefined };
}

const escapeRegExp = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/**
 * `*.example.com`: one or more labels in front; `192.168.*`: the rest of an IP address
 * (digits and dots only, so `192.168.attacker.example` does not pass); any other `*`:
 * part of one label.
 */
function hostPatternToRegExp(pattern: string): RegExp {
  let rest = pattern;
  let head = '';
  let tail = '';
  if (rest.startsWith('*.')) {
    head = '(?:[a-z0-9-]+\\.)+';
    rest = rest.slice(2);
  }
  if (rest.endsWith('.*')) {
    tail = '\\.[0-9.]+';
    rest = rest.slice(0, -2);
  }
  const body = rest.split('*').map(escapeRegExp).join('[a-z0-9-]*');
  return new RegExp(`^${head}${body}${tail}$`);
}

function parseEntry(entry: string): HostPattern {
  const { name, port } = splitHost(entry);
  return { name: hostPatternToRegExp(name), port: port === '*' ? undefined : port };
}

export function createHostAllowlist(entries: readonly string[]): HostAllowlist {
  const cleaned = entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (cleaned.includes(ANY_HOST)) return { allowsAny: true, allows: () => true };
  const patterns = cleaned.map(parseEntry);
  return {
    allowsAny: false,
    allows(hostHeader) {
      if (!hostHeader) return false;
      const { name, port } = splitHost(hostHeader);
      return patterns.some((p) => p.name.test(name) && (p.port === undefined || p.port === port));
    },
  };
}

/** True for addresses and names that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(name);
}

/** The bind address as a Host header names it (IPv6 in brackets). */
function asHostName(bindHost: string): string {
  const name = bindHost.trim().toLowerCase();
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
}

/**
 * Bound to loopback: the loopback names and the bind address, any port. Bound to a network
 * interface (0.0.0.0, a LAN address): every host, since the names clients use (a DNS
 * alias, a proxy's name) cannot be guessed; start-up output says so and how to narrow it.
 */
export function defaultAllowedHosts(bindHost: string): string[] {
  if (!isLoopbackHost(bindHost)) return [ANY_HOST];
  const bindName = asHostName(bindHost);
  return LOOPBACK_HOST_NAMES.includes(bindName) ? [...LOOPBACK_HOST_NAMES] : [...LOOPBACK_HOST_NAMES, bindName];
}
