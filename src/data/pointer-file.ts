/**
 * `PATH.strata`: the small YAML file committed in git in place of the data at PATH.
 *
 *   version: 1
 *   algo: blake3
 *   hash: <64 hex digits>   # the file's hash, or the manifest's hash for a directory
 *   size: 1234              # bytes (all files' sum for a directory)
 *   files: 20000            # present only for a directory
 *   path: data              # the tracked name, relative to the pointer's folder
 *   executable: true        # present only for a single executable file
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { DataError } from './data-error.js';
import { HASH_ALGO, isHash, manifestKey } from './object-key.js';

export const POINTER_SUFFIX = '.strata';
export const POINTER_VERSION = 1;

export interface Pointer {
  version: number;
  algo: string;
  hash: string;
  size: number;
  /** Set for a directory: its number of files. */
  files?: number;
  path: string;
  /** Set (true) only for a single file with an executable bit; a manifest records it per file. */
  executable?: boolean;
}

export function isDirPointer(pointer: Pointer): boolean {
  return pointer.files !== undefined;
}

/** The cache object a pointer names: the file itself, or the directory's manifest. */
export function pointerKey(pointer: Pointer): string {
  return isDirPointer(pointer) ? manifestKey(pointer.hash) : pointer.hash;
}

function invalid(label: string, what: string): DataError {
  return new DataError(
    'INVALID_POINTER',
    `${label}: invalid pointer file (${what}); restore it with \`git checkout -- ${label}\` or re-add the data with \`strata data add\``,
  );
}

export function parsePointer(text: string, label: string): Pointer {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch {
    throw invalid(label, 'not valid YAML');
  }
  if (typeof raw !== 'object' || raw === null) throw invalid(label, 'expected a YAML mapping');
  const p = raw as Record<string, unknown>;
  if (p.version !== POINTER_VERSION) throw invalid(label, `unsupported version ${JSON.stringify(p.version)}`);
  if (p.algo !== HASH_ALGO) throw invalid(label, `unsupported hash algorithm ${JSON.stringify(p.algo)}`);
  if (typeof p.hash !== 'string' || !isHash(p.hash)) throw invalid(label, 'hash is not a 64-digit hex string');
  if (!isCount(p.size)) throw invalid(label, 'size is not a non-negative integer');
  if (p.files !== undefined && !isCount(p.files)) throw invalid(label, 'files is not a non-negative integer');
  if (typeof p.path !== 'string' || p.path === '' || p.path.includes('/')) throw invalid(label, 'path is not a file name');
  const pointer: Pointer = { version: POINTER_VERSION, algo: HASH_ALGO, hash: p.hash, size: p.size, path: p.path };
  if (p.files !== undefined) pointer.files = p.files as number;
  if (p.executable !== undefined && typeof p.executable !== 'boolean') throw invalid(label, 'executable is not true or false');
  if (p.executable === true) pointer.executable = true;
  return pointer;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function serializePointer(pointer: Pointer): string {
  const ordered: Record<string, unknown> = {
    version: pointer.version,
    algo: pointer.algo,
    hash: pointer.hash,
    size: pointer.size,
  };
  if (pointer.files !== undefined) ordered.files = pointer.files;
  ordered.path = pointer.path;
  if (pointer.executable) ordered.executable = true;
  return stringify(ordered);
}

export function readPointerFile(absPath: string, label: string): Pointer {
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DataError('PATH_NOT_FOUND', `${label}: no pointer file; run \`strata data add\` on the data first`);
    }
    throw err;
  }
  return parsePointer(text, label);
}

export function writePointerFile(absPath: string, pointer: Pointer): void {
  const tmp = `${absPath}.tmp-${process.pid}`;
  writeFileSync(tmp, serializePointer(pointer));
  renameSync(tmp, absPath);
}
