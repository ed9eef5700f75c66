/**
 * Reads what is in the workspace at a tracked path: one file, or a directory as manifest
 * entries. Hashes come from the state cache when a file's stamp is unchanged; the rest are
 * hashed (or, for `add`, stored in the cache) by the worker pool. A directory whose whole
 * listing is the one recorded for the expected manifest (tree-fingerprint.ts) is not looked
 * at file by file at all.
 */
import { lstatSync } from 'node:fs';
import { DataError, describeIoError, type DataErrorInfo } from './data-error.js';
import type { DataSession } from './data-session.js';
import { stampOf, type FileTask, type StoreTarget } from './file-ops.js';
import type { ManifestEntry } from './manifest.js';
import { listObjects, removeObject } from './object-cache.js';
import { recordLinkedObject } from './object-check.js';
import type { TrackedPath } from './tracked-path.js';
import { treeFingerprint } from './tree-fingerprint.js';
import { walkTree, type WalkedFile } from './walk-tree.js';

export type ScanMode = 'hash' | 'store';

export type Scanned =
  | { kind: 'missing' }
  | { kind: 'file'; entry: ManifestEntry; hashed: number }
  | { kind: 'dir'; entries: ManifestEntry[]; hashed: number; failures: FileFailure[]; fingerprint: string };

/** `scanAgainst`'s answer when the folder's listing is the one recorded for the expected manifest. */
export interface UnchangedDir {
  kind: 'unchanged-dir';
}

export interface FileFailure {
  path: string;
  error: DataErrorInfo;
}

/** Objects known to be cached, listed once per session and only when needed. */
const cachedKeys = new WeakMap<DataSession, Set<string>>();

function knownObjects(session: DataSession): Set<string> {
  let keys = cachedKeys.get(session);
  if (!keys) {
    keys = listObjects(session.repo);
    cachedKeys.set(session, keys);
  }
  return keys;
}

/**
 * Deletes an object so that the next `scanTracked(…, 'store')` stores it again from a
 * workspace file that holds its bytes (used to replace a damaged object).
 */
export function discardStoredObject(session: DataSession, key: string): void {
  removeObject(session.repo, key);
  knownObjects(session).delete(key);
}

export function scanTracked(session: DataSession, target: TrackedPath, mode: ScanMode): Promise<Scanned> {
  // With no expected manifest, scanPath never answers 'unchanged-dir'.
  return scanPath(session, target, mode, undefined) as Promise<Scanned>;
}

/**
 * Like scanTracked(…, 'hash'), but a folder whose listing fingerprint the state cache
 * recorded for `manifestHash` is answered as unchanged without per-file work.
 */
export function scanAgainst(session: DataSession, target: TrackedPath, manifestHash: string): Promise<Scanned | UnchangedDir> {
  return scanPath(session, target, 'hash', manifestHash);
}

async function scanPath(session: DataSession, target: TrackedPath, mode: ScanMode, expectedTree: string | undefined): Promise<Scanned | UnchangedDir> {
  const st = lstatSync(target.abs, { throwIfNoEntry: false });
  if (!st) return { kind: 'missing' };
  if (st.isSymbolicLink()) {
    throw new DataError('SYMLINK_REFUSED', `${target.rel}: is a symbolic link; strata does not follow links, so add the real file or folder`);
  }
  if (st.isDirectory()) return scanDir(session, target, mode, expectedTree);
  if (!st.isFile()) throw new DataError('IO_ERROR', `${target.rel}: not a regular file or directory`);
  const walked = { rel: '', abs: target.abs, stamp: stampOf(st) };
  const { entries, failures, hashed } = await hashWalked(session, target.rel, [walked], mode);
  const failure = failures[0];
  if (failure) throw new DataError(failure.error.code, failure.error.message);
  const entry = entries[0];
  if (!entry) throw describeIoError(new Error('not hashed'), target.rel);
  return { kind: 'file', entry, hashed };
}

async function scanDir(session: DataSession, target: TrackedPath, mode: ScanMode, expectedTree: string | undefined): Promise<Scanned | UnchangedDir> {
  const { files, refused } = walkTree(target.abs);
  if (refused.length > 0) {
    const shown = refused.slice(0, 3).map((r) => `${target.rel}/${r}`).join(', ');
    throw new DataError(
      'SYMLINK_REFUSED',
      `${target.rel}: contains ${refused.length} symbolic link(s) or special file(s) (${shown}); strata does not follow links — replace or remove them`,
    );
  }
  const fingerprint = treeFingerprint(files);
  if (expectedTree !== undefined && session.state.lookupTree(target.rel, fingerprint) === expectedTree) return { kind: 'unchanged-dir' };
  return { kind: 'dir', fingerprint, ...(await hashWalked(session, target.rel, files, mode)) };
}

function repoRel(base: string, rel: string): string {
  return rel === '' ? base : `${base}/${rel}`;
}

/**
 * A file needs work when its stamp is unknown to the state cache, or, when storing, when
 * its object is not in the cache any more (after a gc or a fresh clone).
 */
async function hashWalked(
  session: DataSession,
  base: string,
  files: WalkedFile[],
  mode: ScanMode,
): Promise<{ entries: ManifestEntry[]; failures: FileFailure[]; hashed: number }> {
  const entries: ManifestEntry[] = [];
  const todo: WalkedFile[] = [];
  for (const file of files) {
    const known = session.state.lookup(repoRel(base, file.rel), file.stamp);
    if (known && (mode === 'hash' || knownObjects(session).has(known))) {
      entries.push({ path: file.rel, hash: known, size: file.stamp.size, isExecutable: file.stamp.isExecutable });
    } else todo.push(file);
  }
  const failures = await hashTodo(session, base, todo, mode, entries);
  return { entries, failures, hashed: todo.length - failures.length };
}

async function hashTodo(
  session: DataSession,
  base: string,
  todo: WalkedFile[],
  mode: ScanMode,
  entries: ManifestEntry[],
): Promise<FileFailure[]> {
  const target: StoreTarget = { objectsDir: session.repo.objectsDir, tmpDir: session.repo.tmpDir, links: session.config.links };
  const toTask = (paths: string[]): FileTask => (mode === 'hash' ? { op: 'hash', paths } : { op: 'ingest', paths, target });
  const results = await session.pool.map(todo.map((f) => ({ item: f.abs, size: f.stamp.size })), toTask);
  const failures: FileFailure[] = [];
  results.forEach((result, i) => {
    const file = todo[i] as WalkedFile;
    const rel = repoRel(base, file.rel);
    if (!result.ok) return failures.push({ path: rel, error: result.error });
    session.state.record(rel, result.file, result.file.hash);
    recordLinkedObject(session, result.file);
    session.hooks.onHash?.(rel);
    if (mode === 'store') knownObjects(session).add(result.file.hash);
    entries.push({ path: file.rel, hash: result.file.hash, size: result.file.size, isExecutable: result.file.isExecutable });
  });
  return failures;
}
