/**
 * What the dataset registry and `run.logDataset` need to know about a versioned path:
 * its digest (the pointer's hash), size, file count and where it can be found. Read from
 * `PATH.strata` (or PATH itself when it is a pointer file); without a pointer, and when
 * allowed, computed the way `strata data add` would (same manifest, same hash) without
 * touching any cache. The source URI is `<git remote>#<path in the repository>` when the
 * repository has a remote, else `file://<absolute path>`.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { DataError } from './data-error.js';
import { findGitRoot } from './data-repo.js';
import { hashBytes, hashPath } from './file-ops.js';
import { serializeManifest, totalSize } from './manifest.js';
import { POINTER_SUFFIX, readPointerFile } from './pointer-file.js';
import { walkTree } from './walk-tree.js';

export interface DataPathDescription {
  /** BLAKE3 hex: the file's hash, or the directory manifest's. */
  digest: string;
  size: number;
  fileCount: number;
  /** The data's absolute path (beside its pointer). */
  dataPath: string;
  /** The pointer file read, if any. */
  pointerPath?: string;
  sourceUri: string;
}

export interface DescribeOptions {
  /** Where a relative `path` starts (the caller's folder: the engine never reads process.cwd()). */
  cwd: string;
  /** Refuse a path without a pointer file instead of hashing it. */
  requirePointer?: boolean;
}

export function describeDataPath(path: string, options: DescribeOptions): DataPathDescription {
  const abs = resolve(options.cwd, path);
  const pointerPath = abs.endsWith(POINTER_SUFFIX) && isFile(abs) ? abs : `${abs}${POINTER_SUFFIX}`;
  const dataPath = pointerPath === abs ? abs.slice(0, -POINTER_SUFFIX.length) : abs;
  if (isFile(pointerPath)) {
    const pointer = readPointerFile(pointerPath, path === dataPath ? `${path}${POINTER_SUFFIX}` : path);
    const fileCount = pointer.files ?? 1;
    return { digest: pointer.hash, size: pointer.size, fileCount, dataPath, pointerPath, sourceUri: sourceUriOf(dataPath) };
  }
  if (options.requirePointer) {
    throw new DataError('PATH_NOT_FOUND', `${path}: no pointer file ${basename(pointerPath)}; run \`strata data add ${path}\` first`);
  }
  return { ...hashDataPath(dataPath, path), dataPath, sourceUri: sourceUriOf(dataPath) };
}

function isFile(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** The hash `strata data add` would record for this file or directory. */
export function hashDataPath(abs: string, label: string): { digest: string; size: number; fileCount: number } {
  const st = lstatSync(abs, { throwIfNoEntry: false });
  if (!st) throw new DataError('PATH_NOT_FOUND', `${label}: no such file or directory`);
  if (st.isSymbolicLink()) throw new DataError('SYMLINK_REFUSED', `${label}: is a symbolic link; use the real file or folder`);
  if (st.isFile()) {
    const file = hashPath(abs);
    return { digest: file.hash, size: file.size, fileCount: 1 };
  }
  if (!st.isDirectory()) throw new DataError('IO_ERROR', `${label}: not a regular file or directory`);
  const { files, refused } = walkTree(abs);
  if (refused.length > 0) {
    throw new DataError('SYMLINK_REFUSED', `${label}: contains symbolic link(s) or special file(s) (${refused.slice(0, 3).join(', ')})`);
  }
  const entries = files.map((f) => ({ path: f.rel, hash: hashPath(f.abs).hash, size: f.stamp.size, isExecutable: f.stamp.isExecutable }));
  return { digest: hashBytes(serializeManifest(entries)), size: totalSize(entries), fileCount: entries.length };
}

/** A remote URL without credentials (`https://user:token@host/…` -> `https://host/…`). */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1');
}

function gitRemoteUrl(root: string): string | undefined {
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const remotes = git('remote').split('\n').filter(Boolean);
    const remote = remotes.includes('origin') ? 'origin' : remotes[0];
    return remote ? withoutCredentials(git('remote', 'get-url', remote)) : undefined;
  } catch {
    return undefined;
  }
}

export function sourceUriOf(dataPath: string): string {
  // The root comes back as a real path, so compare it with the real path of the data's folder.
  const folder = realpathSync(dirname(dataPath));
  const root = findGitRoot(folder);
  const remote = root ? gitRemoteUrl(root) : undefined;
  if (!root || !remote) return `file://${dataPath}`;
  return `${remote}#${relative(root, join(folder, basename(dataPath))).split(sep).join('/')}`;
}
