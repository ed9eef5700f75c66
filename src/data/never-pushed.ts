/**
 * Why `strata data pull` cannot check a path out: the remote lacks objects it needs, which
 * means they were never pushed from the repository where the data was added. Said per
 * tracked path, naming the remote and the objects (short hashes, as `data versions` prints
 * them), instead of a cache error that suggests running pull again.
 */
import type { DataErrorInfo } from './data-error.js';
import type { DataSession } from './data-session.js';
import { findManifest } from './object-cache.js';
import { isDirPointer, pointerKey, readPointerFile } from './pointer-file.js';
import type { TrackedPath } from './tracked-path.js';

const SHORT_HASH = 12;
const LISTED_FILES = 3;

export interface RemoteObjects {
  name: string;
  url: string;
  /** Every object key the remote holds. */
  keys: Set<string>;
}

export interface NeverPushed {
  /** Per tracked path (repo-relative), the failure to report instead of checking it out. */
  byPath: Map<string, DataErrorInfo>;
  /** The object keys those failures explain. */
  keys: Set<string>;
}

/** The targets whose objects are neither in the cache (after fetching) nor on the remote. */
export function findNeverPushed(session: DataSession, targets: TrackedPath[], local: Set<string>, remote: RemoteObjects): NeverPushed {
  const found: NeverPushed = { byPath: new Map(), keys: new Set() };
  const absent = (key: string) => !local.has(key) && !remote.keys.has(key);
  for (const target of targets) {
    let pointer;
    try {
      pointer = readPointerFile(target.pointerAbs, target.pointerRel);
    } catch {
      continue; // an unreadable pointer is reported as such by the transfer
    }
    const key = pointerKey(pointer);
    const where = `is not on remote ${remote.name} (${remote.url})`;
    const push = `run \`strata data push ${target.rel}\` in the repository where it was added`;
    if (absent(key)) {
      const what = isDirPointer(pointer) ? 'its manifest' : 'its content';
      found.byPath.set(target.rel, missing(`${target.rel} ${where}: ${what} ${short(key)} was never pushed; ${push}`));
      found.keys.add(key);
      continue;
    }
    const files = isDirPointer(pointer) ? (findManifest(session.repo, pointer.hash) ?? []).filter((e) => absent(e.hash)) : [];
    if (files.length === 0) continue;
    const listed = files.slice(0, LISTED_FILES).map((e) => `${target.rel}/${e.path} ${short(e.hash)}`).join(', ');
    const more = files.length > LISTED_FILES ? `, and ${files.length - LISTED_FILES} more` : '';
    found.byPath.set(target.rel, missing(`${target.rel} ${where} in full: ${files.length} of its files were never pushed (${listed}${more}); ${push}`));
    for (const e of files) found.keys.add(e.hash);
  }
  return found;
}

function short(key: string): string {
  return key.slice(0, SHORT_HASH);
}

function missing(message: string): DataErrorInfo {
  return { code: 'OBJECT_MISSING', message };
}
