/** `strata data add`: stores files or folders in the cache and writes their pointer files. */
import { basename, dirname } from 'node:path';
import { DataError, toErrorInfo, type DataErrorInfo } from './data-error.js';
import { withSession, type DataOptions, type DataSession } from './data-session.js';
import { ensureGitignored } from './gitignore-entry.js';
import { totalSize } from './manifest.js';
import { writeManifest } from './object-cache.js';
import { HASH_ALGO } from './object-key.js';
import { POINTER_VERSION, writePointerFile, type Pointer } from './pointer-file.js';
import { findTrackingAncestor, resolveTracked, type TrackedPath } from './tracked-path.js';
import { scanTracked, type FileFailure } from './workspace-scan.js';

export type AddOutcome =
  | { ok: true; path: string; pointerPath: string; pointer: Pointer; hashedFiles: number }
  | { ok: false; path: string; error: DataErrorInfo; failures?: FileFailure[] };

export interface AddResult {
  outcomes: AddOutcome[];
}

export function addPaths(paths: string[], options: DataOptions = {}): Promise<AddResult> {
  return withSession(options, async (session) => {
    const outcomes: AddOutcome[] = [];
    for (const arg of paths) outcomes.push(await addOne(session, arg));
    return { outcomes };
  });
}

async function addOne(session: DataSession, arg: string): Promise<AddOutcome> {
  let target: TrackedPath | undefined;
  try {
    target = resolveTracked(session.repo, session.cwd, arg);
    return await addTracked(session, target);
  } catch (err) {
    return { ok: false, path: target?.rel ?? arg, error: toErrorInfo(err, arg) };
  }
}

async function addTracked(session: DataSession, target: TrackedPath): Promise<AddOutcome> {
  const ancestor = findTrackingAncestor(session.repo, target.rel);
  if (ancestor) {
    throw new DataError('PATH_ALREADY_TRACKED', `${target.rel}: inside ${ancestor}, which is tracked already; run \`strata data add ${ancestor}\``);
  }
  const scanned = await scanTracked(session, target, 'store');
  const name = basename(target.rel);
  const base = { version: POINTER_VERSION, algo: HASH_ALGO, path: name };
  let pointer: Pointer;
  if (scanned.kind === 'missing') {
    throw new DataError('PATH_NOT_FOUND', `${target.rel}: no such file or directory`);
  } else if (scanned.kind === 'file') {
    pointer = { ...base, hash: scanned.entry.hash, size: scanned.entry.size };
    if (scanned.entry.isExecutable) pointer.executable = true;
  } else {
    if (scanned.failures.length > 0) {
      const first = scanned.failures[0] as FileFailure;
      const error = { code: first.error.code, message: `${target.rel}: ${scanned.failures.length} file(s) could not be added; first: ${first.error.message}` };
      return { ok: false, path: target.rel, error, failures: scanned.failures };
    }
    const hash = writeManifest(session.repo, scanned.entries);
    // Lets the next status of this folder answer from the walk alone (tree-fingerprint.ts).
    session.state.recordTree(target.rel, scanned.fingerprint, hash);
    pointer = { ...base, hash, size: totalSize(scanned.entries), files: scanned.entries.length };
  }
  writePointerFile(target.pointerAbs, pointer);
  ensureGitignored(dirname(target.abs), name);
  return { ok: true, path: target.rel, pointerPath: target.pointerRel, pointer, hashedFiles: scanned.hashed };
}
