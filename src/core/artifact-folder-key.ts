/**
 * Which folder an artifact location names, as a key that compares by meaning rather than by
 * spelling. `mlflow-artifacts:/1`, `mlflow-artifacts:/./1/`, `mlflow-artifacts:/%2e/1`,
 * `<destination>/1` and `file://<destination>/1` all name folder `1` of the server's store;
 * deciding whether two locations share a folder by comparing their strings is how gc once
 * deleted another experiment's files.
 *
 * Keys are deliberately generous: a location yields one key per plausible reading (as written,
 * and percent-decoded), so a caller protecting a live folder protects every folder it might be.
 */
import { decodedForms } from './artifact-path.js';

/** A folder: the root it sits under (`store:` for the server's own store) and its normalised segments. */
export interface FolderKey {
  readonly root: string;
  readonly segments: readonly string[];
  /** `root` followed by `/segment` for each segment: equal texts name the same folder. */
  readonly text: string;
}

export type FolderRelation = 'equal' | 'inside' | 'contains';

/** The root of keys inside the server's own artifact store (paths relative to its destination). */
export const STORE_ROOT = 'store:';

const PROXY_SCHEME = 'mlflow-artifacts';
/** Schemes that name the same S3 object keys. */
const SCHEME_ALIASES: Readonly<Record<string, string>> = { s3a: 's3', s3n: 's3' };

export function folderKey(root: string, segments: readonly string[]): FolderKey {
  return { root, segments, text: root + segments.map((s) => `/${s}`).join('') };
}

/** A key inside the server's store, from a store path such as `1/<run>` ('' is the whole store). */
export function storeFolderKey(storePath: string): FolderKey {
  return folderKey(STORE_ROOT, normalizeSegments(storePath.split('/')));
}

/** How `a` stands to `b`, or undefined when neither holds the other. */
export function folderRelation(a: FolderKey, b: FolderKey): FolderRelation | undefined {
  if (a.text === b.text) return 'equal';
  if (a.text.startsWith(`${b.text}/`)) return 'inside';
  if (b.text.startsWith(`${a.text}/`)) return 'contains';
  return undefined;
}

/**
 * Every folder `location` may name. A location under the server's store (the proxy scheme,
 * or any spelling of a path below `destination`) gets `store:` keys; any other location keeps
 * its own root (`s3://bucket`, `file://`…), so two foreign spellings still compare.
 */
export function folderKeysOf(location: string, destination?: string): FolderKey[] {
  const storeBase = destination === undefined ? undefined : parseLocation(destination);
  const keys = new Map<string, FolderKey>();
  for (const form of decodedForms(location)) {
    const key = toStoreKey(parseLocation(form), storeBase);
    keys.set(key.text, key);
  }
  return [...keys.values()];
}

export function isStoreKey(key: FolderKey): boolean {
  return key.root === STORE_ROOT;
}

function toStoreKey(key: FolderKey, storeBase: FolderKey | undefined): FolderKey {
  if (key.root === `${PROXY_SCHEME}:`) return climbsOut(key.segments) ? key : folderKey(STORE_ROOT, key.segments);
  if (storeBase === undefined || key.root !== storeBase.root) return key;
  const relation = folderRelation(key, storeBase);
  if (relation !== 'equal' && relation !== 'inside') return key;
  return folderKey(STORE_ROOT, key.segments.slice(storeBase.segments.length));
}

function climbsOut(segments: readonly string[]): boolean {
  return segments[0] === '..';
}

/**
 * Lenient parse: `scheme://authority/path`, `scheme:/path`, `scheme:path`, or a plain path
 * (a local file). Scheme and authority compare case-insensitively; `file://localhost/x`,
 * `file:/x` and `/x` are one place; the proxy scheme's authority (which names the server) is
 * dropped. A query string is cut off, which only ever widens the key.
 */
export function parseLocation(location: string): FolderKey {
  const match = /^([a-z][a-z0-9+.-]*):(.*)$/is.exec(location);
  // One letter before ':' is a Windows drive, not a scheme.
  if (!match || match[1]!.length === 1) return pathKey(location.startsWith('/') ? 'file://' : 'relative:', location);
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  const canonicalScheme = SCHEME_ALIASES[scheme] ?? scheme;
  if (!rest.startsWith('//')) return pathKey(canonicalScheme === 'file' ? 'file://' : `${canonicalScheme}:`, rest);
  const slash = rest.indexOf('/', 2);
  const authority = (slash === -1 ? rest.slice(2) : rest.slice(2, slash)).toLowerCase();
  const path = slash === -1 ? '' : rest.slice(slash);
  if (canonicalScheme === PROXY_SCHEME) return pathKey(`${PROXY_SCHEME}:`, path);
  if (canonicalScheme === 'file' && (authority === '' || authority === 'localhost')) return pathKey('file://', path);
  return pathKey(`${canonicalScheme}://${authority}`, path);
}

function pathKey(root: string, path: string): FolderKey {
  return folderKey(root, normalizeSegments(path.split('?')[0]!.split('/')));
}

/** Drops empty and '.' segments and resolves '..'; a '..' that climbs above the root is kept. */
function normalizeSegments(segments: readonly string[]): string[] {
  const out: string[] = [];
  for (const segment of segments) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(segment);
  }
  return out;
}
