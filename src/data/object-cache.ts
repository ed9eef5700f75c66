/** Reading and listing the content-addressed cache in `.strata/cache`. */
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from './data-error.js';
import type { DataRepo } from './data-repo.js';
import { commitObject, hashBytes, tmpPath } from './file-ops.js';
import { parseManifest, serializeManifest, type ManifestEntry } from './manifest.js';
import { isObjectKey, manifestKey, objectRelPath } from './object-key.js';

export function objectPath(repo: DataRepo, key: string): string {
  return join(repo.objectsDir, objectRelPath(key));
}

export function hasObject(repo: DataRepo, key: string): boolean {
  return existsSync(objectPath(repo, key));
}

/**
 * Every object key in a `<aa>/<rest>` tree, from one readdir per fan-out folder: cheaper
 * than one stat per object when thousands are checked. Stray names are ignored.
 */
export function listObjectTree(root: string): Set<string> {
  const keys = new Set<string>();
  let prefixes: string[];
  try {
    prefixes = readdirSync(root);
  } catch {
    return keys;
  }
  for (const prefix of prefixes) {
    if (prefix.length !== 2) continue;
    for (const rest of safeReaddir(join(root, prefix))) {
      const key = prefix + rest;
      if (isObjectKey(key)) keys.add(key);
    }
  }
  return keys;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function listObjects(repo: DataRepo): Set<string> {
  return listObjectTree(repo.objectsDir);
}

/** Reads a manifest and checks its bytes against its name, so a corrupted one is never used. */
export function readManifest(repo: DataRepo, hash: string): ManifestEntry[] {
  const key = manifestKey(hash);
  let bytes: Buffer;
  try {
    bytes = readFileSync(objectPath(repo, key));
  } catch {
    throw new DataError('OBJECT_MISSING', `manifest ${key} is not in the cache; run \`strata data fetch\` or \`strata data pull\``);
  }
  if (hashBytes(bytes) !== hash) {
    throw new DataError('CORRUPTED_OBJECT', `manifest ${key} is corrupted; delete it and run \`strata data pull\``);
  }
  return parseManifest(bytes, key);
}

export function findManifest(repo: DataRepo, hash: string): ManifestEntry[] | undefined {
  return hasObject(repo, manifestKey(hash)) ? readManifest(repo, hash) : undefined;
}

export function writeManifest(repo: DataRepo, entries: ManifestEntry[]): string {
  const bytes = serializeManifest(entries);
  const hash = hashBytes(bytes);
  const dst = objectPath(repo, manifestKey(hash));
  if (!existsSync(dst)) {
    const tmp = tmpPath(repo.tmpDir);
    writeFileSync(tmp, bytes);
    commitObject(tmp, dst, false);
  }
  return hash;
}

export function removeObject(repo: DataRepo, key: string): void {
  unlinkSync(objectPath(repo, key));
}
