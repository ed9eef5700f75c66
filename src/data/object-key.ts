/**
 * Cache objects are named by the BLAKE3 hex digest of their bytes; a directory manifest
 * adds the `.dir` suffix (as DVC does) so the engine knows to parse it without reading it.
 */
export const HASH_ALGO = 'blake3';
export const MANIFEST_SUFFIX = '.dir';

const HASH_PATTERN = /^[0-9a-f]{64}$/;

export function isHash(value: string): boolean {
  return HASH_PATTERN.test(value);
}

export function isObjectKey(value: string): boolean {
  const hash = value.endsWith(MANIFEST_SUFFIX) ? value.slice(0, -MANIFEST_SUFFIX.length) : value;
  return isHash(hash);
}

export function manifestKey(hash: string): string {
  return hash + MANIFEST_SUFFIX;
}

export function isManifestKey(key: string): boolean {
  return key.endsWith(MANIFEST_SUFFIX);
}

/** The hash an object's bytes must have: the key without the manifest suffix. */
export function keyHash(key: string): string {
  return isManifestKey(key) ? key.slice(0, -MANIFEST_SUFFIX.length) : key;
}

/** `<aa>/<rest>`: 256 fan-out folders keep each directory small on every filesystem. */
export function objectRelPath(key: string): string {
  return `${key.slice(0, 2)}/${key.slice(2)}`;
}
