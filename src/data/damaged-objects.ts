/**
 * Finds cache objects that were changed in place. With `links: [hardlink…]` a workspace file
 * *is* its cache object, so `echo … >> file` (root ignores the read-only bit) rewrites the
 * bytes of the version that was committed. Such a write always moves the file's mtime, and
 * the object's stamp was recorded when it was linked or last verified (state cache), so:
 *
 * - the suspects are the objects of files whose content no longer matches their pointer
 *   (only those can have been written through the workspace; checking every object is
 *   `strata data verify`'s job);
 * - a suspect whose stamp is still the recorded one is intact, without reading it;
 * - one that may have been written through a link (its stamp was recorded and differs, or
 *   it has more than one name) is re-hashed: a touch changes the stamp, not the bytes.
 *
 * Stamps are (inode, size, mtime) like the state cache's, not ctime: linking another name to
 * an object changes its ctime, so every checkout would look like a change.
 */
import { lstatSync } from 'node:fs';
import type { DataErrorInfo } from './data-error.js';
import type { DataSession } from './data-session.js';
import { stampOf } from './file-ops.js';
import type { ManifestEntry } from './manifest.js';
import { objectPath } from './object-cache.js';
import { checkObjects, stateKey } from './object-check.js';

export interface DamagedObject {
  key: string;
  /** Repo-relative workspace files whose pointer names this object and that now hold other bytes. */
  paths: string[];
  error: DataErrorInfo;
}

/** Object key -> the files (repo-relative) that should hold it and now hold something else. */
export type Suspects = Map<string, string[]>;

/**
 * The objects of `expected` entries (what a pointer names) whose workspace file is present
 * with other content. `base` is the tracked path the entries are relative to.
 */
export function changedFileObjects(expected: ManifestEntry[], current: ManifestEntry[], base: string): Suspects {
  const now = new Map(current.map((e) => [e.path, e.hash]));
  const suspects: Suspects = new Map();
  for (const entry of expected) {
    const hash = now.get(entry.path);
    if (hash === undefined || hash === entry.hash) continue;
    const path = entry.path === '' ? base : `${base}/${entry.path}`;
    suspects.set(entry.hash, [...(suspects.get(entry.hash) ?? []), path]);
  }
  return suspects;
}

export async function findDamagedObjects(session: DataSession, suspects: Suspects): Promise<DamagedObject[]> {
  const keys = [...suspects.keys()].filter((key) => mayHaveChanged(session, key)).sort();
  const problems = await checkObjects(session, keys, false);
  return problems
    .filter((p) => p.error.code === 'CORRUPTED_OBJECT')
    .map((p) => damagedObject(p.key, suspects.get(p.key) ?? []));
}

function mayHaveChanged(session: DataSession, key: string): boolean {
  const abs = objectPath(session.repo, key);
  const st = lstatSync(abs, { throwIfNoEntry: false });
  if (!st?.isFile()) return false;
  const rel = stateKey(session, abs);
  if (session.state.lookup(rel, stampOf(st)) === key) return false;
  return session.state.has(rel) || st.nlink > 1;
}

function damagedObject(key: string, paths: string[]): DamagedObject {
  const files = paths.join(', ');
  const message =
    `cache object ${key}, the committed content of ${files}, was changed in place (most likely written through a hardlinked ` +
    'workspace file), so that version can no longer be checked out from this cache. If it was pushed, run ' +
    '`strata data verify --remove` then `strata data pull` to restore it. Before editing hardlinked files in place, run ' +
    '`strata data unprotect PATH`, or use `links: [reflink, copy]` in .strata/config.';
  return { key, paths, error: { code: 'CORRUPTED_OBJECT', message } };
}
