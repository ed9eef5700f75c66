/**
 * A directory's manifest: one entry per file, sorted by relative path (UTF-16 code unit
 * order, `/` separators). Serialised canonically so the same tree always hashes the same;
 * the manifest's hash is the directory's hash and it is stored in the cache as `<hash>.dir`.
 */
import { DataError } from './data-error.js';
import { HASH_ALGO, isHash } from './object-key.js';

export interface ManifestEntry {
  path: string;
  hash: string;
  size: number;
  isExecutable: boolean;
}

interface ManifestFile {
  version: 1;
  algo: string;
  entries: { path: string; hash: string; size: number; exec: boolean }[];
}

export function compareUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serializeManifest(entries: ManifestEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => compareUnits(a.path, b.path));
  const file: ManifestFile = {
    version: 1,
    algo: HASH_ALGO,
    entries: sorted.map((e) => ({ path: e.path, hash: e.hash, size: e.size, exec: e.isExecutable })),
  };
  return Buffer.from(JSON.stringify(file));
}

export function parseManifest(bytes: Buffer, label: string): ManifestEntry[] {
  let file: ManifestFile;
  try {
    file = JSON.parse(bytes.toString('utf8')) as ManifestFile;
  } catch {
    throw corrupt(label, 'not valid JSON');
  }
  if (file.version !== 1 || file.algo !== HASH_ALGO || !Array.isArray(file.entries)) {
    throw corrupt(label, `unsupported manifest (version ${String(file.version)}, algo ${String(file.algo)})`);
  }
  return file.entries.map((e) => {
    if (typeof e.path !== 'string' || !isHash(e.hash) || typeof e.size !== 'number') throw corrupt(label, 'bad entry');
    return { path: e.path, hash: e.hash, size: e.size, isExecutable: e.exec === true };
  });
}

function corrupt(label: string, what: string): DataError {
  return new DataError('CORRUPTED_OBJECT', `manifest ${label}: ${what}; run \`strata data verify\` and pull it again`);
}

export function totalSize(entries: ManifestEntry[]): number {
  return entries.reduce((sum, e) => sum + e.size, 0);
}
