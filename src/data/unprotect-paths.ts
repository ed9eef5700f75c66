/**
 * `strata data unprotect PATH…` (as `dvc unprotect`): with `links: [hardlink…]` a workspace
 * file is its cache object, read-only, and writing into it in place would rewrite the
 * committed version. Unprotecting replaces each such link by a private, writable copy (a
 * reflink where the filesystem has them), so the file can be edited without touching the
 * cache. Content and pointers do not change; the next `add` stores the edits as new objects
 * (and, with hardlinks, links and protects the files again).
 *
 * A PATH is a tracked path or anything inside a tracked folder. Files are copied on the
 * calling thread: copy_file_range keeps this I/O-bound, and it runs once before editing.
 */
import { chmodSync, constants, copyFileSync, existsSync, lstatSync, renameSync, rmSync, type Stats } from 'node:fs';
import { DataError, toErrorInfo, type DataErrorInfo } from './data-error.js';
import { withSession, type DataOptions, type DataSession } from './data-session.js';
import { stampOf } from './file-ops.js';
import { findTrackingAncestor, resolveTracked, type TrackedPath } from './tracked-path.js';
import { walkTree } from './walk-tree.js';

export type UnprotectOutcome =
  | {
      ok: true;
      path: string;
      /** Hardlinks replaced by private copies. */
      copied: number;
      /** Files that were private already and only lacked the write bit. */
      madeWritable: number;
    }
  | { ok: false; path: string; error: DataErrorInfo };

export interface UnprotectResult {
  outcomes: UnprotectOutcome[];
}

export function unprotectPaths(paths: string[], options: DataOptions): Promise<UnprotectResult> {
  return withSession(options, async (session) => ({ outcomes: paths.map((arg) => unprotectOne(session, arg)) }));
}

function unprotectOne(session: DataSession, arg: string): UnprotectOutcome {
  let target: TrackedPath | undefined;
  try {
    target = resolveTracked(session.repo, session.cwd, arg);
    return unprotectTracked(session, target);
  } catch (err) {
    return { ok: false, path: target?.rel ?? arg, error: toErrorInfo(err, arg) };
  }
}

function unprotectTracked(session: DataSession, target: TrackedPath): UnprotectOutcome {
  if (!existsSync(target.pointerAbs) && !findTrackingAncestor(session.repo, target.rel)) {
    throw new DataError('NOT_TRACKED', `${target.rel}: not tracked by strata (no ${target.pointerRel} and no tracked folder above it)`);
  }
  const st = lstatSync(target.abs, { throwIfNoEntry: false });
  if (!st) throw new DataError('PATH_NOT_FOUND', `${target.rel}: no such file or directory; run \`strata data checkout ${target.rel}\` first`);
  const files = st.isDirectory()
    ? walkTree(target.abs).files.map((f) => ({ rel: `${target.rel}/${f.rel}`, abs: f.abs }))
    : [{ rel: target.rel, abs: target.abs }];
  const outcome: UnprotectOutcome = { ok: true, path: target.rel, copied: 0, madeWritable: 0 };
  for (const file of files) {
    const done = unprotectFile(session, file.rel, file.abs);
    if (done === 'copied') outcome.copied += 1;
    else if (done === 'made-writable') outcome.madeWritable += 1;
  }
  return outcome;
}

let tmpCounter = 0;

function unprotectFile(session: DataSession, rel: string, abs: string): 'copied' | 'made-writable' | 'unchanged' {
  const st = lstatSync(abs);
  if (!st.isFile()) return 'unchanged';
  if (st.nlink === 1) {
    if ((st.mode & 0o200) !== 0) return 'unchanged';
    chmodSync(abs, writableMode(st));
    return 'made-writable';
  }
  tmpCounter += 1;
  const tmp = `${abs}.strata-tmp-${process.pid}-${tmpCounter}`;
  try {
    // FICLONE without _FORCE: a reflink where the filesystem supports one, a copy otherwise.
    copyFileSync(abs, tmp, constants.COPYFILE_FICLONE);
    chmodSync(tmp, writableMode(st));
    renameSync(tmp, abs);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  carryKnownHash(session, rel, st, abs);
  return 'copied';
}

/** Read-only objects are 0444 or 0555: the owner gets the write bit, nothing else changes. */
function writableMode(st: Stats): number {
  return (st.mode & 0o777) | 0o200;
}

/**
 * The copy holds the bytes the link held, so the hash the state cache knew for the link's
 * stamp holds for the copy's stamp: the next status does not re-read the file.
 */
function carryKnownHash(session: DataSession, rel: string, before: Stats, abs: string): void {
  const known = session.state.lookup(rel, stampOf(before));
  if (known) session.state.record(rel, stampOf(lstatSync(abs)), known);
}
