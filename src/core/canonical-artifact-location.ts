/**
 * The one spelling an artifact location is stored in. experiments/create's artifact_location
 * and the run artifact URIs derived from it are checked here first: a location that could name
 * a different folder than it seems to (`mlflow-artifacts:/./1` is experiment 1's folder) is
 * refused with INVALID_PARAMETER_VALUE instead of being stored, because everything that later
 * reasons about folders (gc above all) would otherwise have to see through the disguise.
 */
import { decodedForms } from './artifact-path.js';
import { folderKeysOf, folderRelation, isStoreKey, type FolderKey } from './artifact-folder-key.js';
import { invalidParameter } from './errors.js';

/** Where the server keeps artifacts, and where new experiments get their folders. */
export interface ArtifactRoots {
  /** The server's artifacts destination; absent: only `mlflow-artifacts:/` is known to be the store. */
  artifactsDestination?: string;
  /** New experiments' locations (`<root>/<experiment id>`): an explicit location may not take one. */
  defaultArtifactLocation: (experimentId: string) => string;
}

/** Strata's own files at the store's top (temp files, multipart parts, hash sidecars). */
export const STORE_INTERNAL_DIR = '.strata';

/**
 * `raw` without trailing slashes, once it is known to name exactly one folder: no '.', '..'
 * or empty segments, not even percent-encoded, and, under the server's store, no percent
 * signs, backslashes or query at all, not the whole store and not its internal directory.
 */
export function canonicalArtifactLocation(raw: string, artifactsDestination?: string): string {
  const refuse = (why: string): never => {
    throw invalidParameter(`Invalid artifact location '${raw}': ${why}.`);
  };
  const { prefix, path } = splitLocation(raw);
  for (const form of decodedForms(path)) assertPlainSegments(form, refuse);
  const location = prefix + path.replace(/\/+$/, '');
  if (location === '') refuse('it names the root of the file system');
  const storeKeys = folderKeysOf(location, artifactsDestination).filter(isStoreKey);
  if (storeKeys.length > 0) assertPlainStoreLocation(location, storeKeys, refuse);
  return location;
}

/**
 * Refuses an explicit location that takes, or contains, the folder a future experiment would
 * get by default (`mlflow-artifacts:/7` before experiment 7 exists): the two would share it.
 */
export function assertNotDefaultLocation(location: string, roots: ArtifactRoots): void {
  const defaults = defaultsFolder(roots);
  if (defaults === undefined) return;
  for (const key of folderKeysOf(location, roots.artifactsDestination)) {
    const relation = folderRelation(key, defaults);
    const firstSegment = key.segments[defaults.segments.length];
    if (relation === 'inside' && firstSegment !== undefined && /^\d+$/.test(firstSegment)) {
      throw invalidParameter(
        `Invalid artifact location '${location}': it lies in the folder experiment ${firstSegment} gets by default; ` +
          'choose a name that is not a number.',
      );
    }
    if ((relation === 'equal' || relation === 'contains') && isStoreKey(key)) {
      throw invalidParameter(`Invalid artifact location '${location}': it contains the folders experiments get by default.`);
    }
  }
}

/** A run's artifact URI, derived from its experiment's location (gc relies on this exact shape). */
export function runArtifactUri(experimentLocation: string, runId: string): string {
  return `${experimentLocation.replace(/\/+$/, '')}/${runId}/artifacts`;
}

/** The folder holding the default locations: that of experiment `0` without its last segment. */
function defaultsFolder(roots: ArtifactRoots): FolderKey | undefined {
  const [probe] = folderKeysOf(roots.defaultArtifactLocation('0'), roots.artifactsDestination);
  if (probe === undefined || probe.segments[probe.segments.length - 1] !== '0') return undefined;
  return { ...probe, segments: probe.segments.slice(0, -1), text: probe.text.slice(0, -'/0'.length) };
}

/** `scheme:` or `scheme://authority` (kept as written), and the path after it. */
function splitLocation(raw: string): { prefix: string; path: string } {
  const scheme = /^[a-z][a-z0-9+.-]+:/i.exec(raw)?.[0];
  if (scheme === undefined) return { prefix: '', path: raw };
  const rest = raw.slice(scheme.length);
  if (!rest.startsWith('//')) return { prefix: scheme, path: rest };
  const slash = rest.indexOf('/', 2);
  return slash === -1 ? { prefix: raw, path: '' } : { prefix: scheme + rest.slice(0, slash), path: rest.slice(slash) };
}

function assertPlainSegments(form: string, refuse: (why: string) => never): void {
  if (form.includes('\0')) refuse('it contains a NUL byte');
  const segments = form.replace(/^\//, '').replace(/\/+$/, '').split('/');
  if (segments.length === 1 && segments[0] === '') return;
  if (segments.some((s) => s === '.' || s === '..')) refuse("it contains a '.' or '..' segment (possibly percent-encoded)");
  if (segments.includes('')) refuse("it contains an empty segment ('//')");
}

function assertPlainStoreLocation(location: string, keys: FolderKey[], refuse: (why: string) => never): void {
  if (/[%\\?]/.test(location)) refuse("inside the artifact store it may not contain '%', '\\' or '?'");
  for (const key of keys) {
    if (key.segments.length === 0) refuse('it names the whole artifact store');
    if (key.segments[0] === STORE_INTERNAL_DIR) refuse(`'${STORE_INTERNAL_DIR}' is reserved at the artifact store's root`);
  }
}
