/** `strata data status`: how the workspace differs from its pointer files, file by file. */
import { DataError, toErrorInfo, type DataErrorInfo } from './data-error.js';
import { changedFileObjects, findDamagedObjects, type DamagedObject } from './damaged-objects.js';
import { withSession, type DataOptions, type DataSession } from './data-session.js';
import type { ManifestEntry } from './manifest.js';
import { readManifest } from './object-cache.js';
import { isDirPointer, readPointerFile, type Pointer } from './pointer-file.js';
import { diffEntries, type FileChange } from './tree-diff.js';
import { selectTracked, type TrackedPath } from './tracked-path.js';
import { scanAgainst, scanTracked, type Scanned } from './workspace-scan.js';

export type StatusOutcome =
  | {
      ok: true;
      path: string;
      state: 'unchanged' | 'modified' | 'deleted';
      changes: FileChange[];
      /** Cache objects of modified files that were changed in place: their committed bytes are gone. */
      damaged: DamagedObject[];
    }
  | { ok: false; path: string; error: DataErrorInfo };

export interface StatusResult {
  outcomes: StatusOutcome[];
  /** True when every tracked path matches its pointer, no object is damaged and nothing failed. */
  isClean: boolean;
}

export function dataStatus(paths: string[] = [], options: DataOptions): Promise<StatusResult> {
  return withSession(options, async (session) => {
    const outcomes: StatusOutcome[] = [];
    for (const target of selectTracked(session.repo, session.cwd, paths)) {
      outcomes.push(await statusOne(session, target));
    }
    return { outcomes, isClean: outcomes.every((o) => o.ok && o.state === 'unchanged' && o.damaged.length === 0) };
  });
}

async function statusOne(session: DataSession, target: TrackedPath): Promise<StatusOutcome> {
  try {
    const pointer = readPointerFile(target.pointerAbs, target.pointerRel);
    const scanned = isDirPointer(pointer) ? await scanAgainst(session, target, pointer.hash) : await scanTracked(session, target, 'hash');
    const unchanged: StatusOutcome = { ok: true, path: target.rel, state: 'unchanged', changes: [], damaged: [] };
    if (scanned.kind === 'unchanged-dir') return unchanged;
    if (scanned.kind === 'missing') return { ...unchanged, state: 'deleted' };
    const expected = pointerEntries(session, pointer);
    const current = scannedEntries(scanned);
    const changes = diffEntries(expected, current, target.rel);
    if (changes.length > 0) {
      const damaged = await findDamagedObjects(session, changedFileObjects(expected, current, target.rel));
      return { ok: true, path: target.rel, state: 'modified', changes, damaged };
    }
    // Remembered so that the next status of this folder needs only the walk.
    if (scanned.kind === 'dir' && isDirPointer(pointer)) session.state.recordTree(target.rel, scanned.fingerprint, pointer.hash);
    return unchanged;
  } catch (err) {
    return { ok: false, path: target.rel, error: toErrorInfo(err, target.pointerRel) };
  }
}

/** A file pointer is a one-entry listing under the empty relative path. */
export function pointerEntries(session: DataSession, pointer: Pointer): ManifestEntry[] {
  if (isDirPointer(pointer)) return readManifest(session.repo, pointer.hash);
  return [{ path: '', hash: pointer.hash, size: pointer.size, isExecutable: pointer.executable === true }];
}

export function scannedEntries(scanned: Scanned): ManifestEntry[] {
  if (scanned.kind === 'missing') return [];
  if (scanned.kind === 'file') return [scanned.entry];
  const failure = scanned.failures[0];
  if (failure) throw new DataError(failure.error.code, failure.error.message);
  return scanned.entries;
}
