/**
 * `strata data gc`: deletes cache objects that no pointer refers to — pointers in the work
 * tree (`workspace`) or, with `all-commits`, in any commit reachable from a ref as well.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withSession, type DataOptions, type DataSession } from './data-session.js';
import { readAllPointerBlobs } from './git-reader.js';
import { listObjects, objectPath, removeObject } from './object-cache.js';
import { collectReferences } from './object-references.js';
import { parsePointer, readPointerFile, type Pointer } from './pointer-file.js';
import { selectTracked } from './tracked-path.js';

export interface GcRequest {
  scope?: 'workspace' | 'all-commits';
  dryRun?: boolean;
}

export interface GcResult {
  /** Objects removed, or that would be removed in a dry run. */
  removed: string[];
  removedBytes: number;
  kept: number;
  isDryRun: boolean;
  /** Pointers that could not be read; their objects were kept only if referenced elsewhere. */
  warnings: string[];
}

/** Temp files older than this belong to a command that died; younger ones may be in use. */
const STALE_TMP_MS = 60 * 60 * 1000;

export function dataGc(request: GcRequest = {}, options: DataOptions = {}): Promise<GcResult> {
  return withSession(options, async (session) => {
    const warnings: string[] = [];
    const pointers = workspacePointers(session, warnings);
    if (request.scope === 'all-commits') pointers.push(...historyPointers(session, warnings));
    const refs = collectReferences(session, pointers);
    warnings.push(...refs.missingManifests.map((k) => `manifest ${k} is not in the cache: its files cannot be kept`));
    const unused = [...listObjects(session.repo)].filter((k) => !refs.keys.has(k)).sort();
    const isDryRun = request.dryRun ?? false;
    let removedBytes = 0;
    for (const key of unused) {
      removedBytes += statSync(objectPath(session.repo, key)).size;
      if (!isDryRun) removeObject(session.repo, key);
    }
    if (!isDryRun) removeStaleTmp(session.repo.tmpDir);
    return { removed: unused, removedBytes, kept: refs.keys.size, isDryRun, warnings };
  });
}

function workspacePointers(session: DataSession, warnings: string[]): Pointer[] {
  const pointers: Pointer[] = [];
  for (const target of selectTracked(session.repo, session.repo.root, [])) {
    try {
      pointers.push(readPointerFile(target.pointerAbs, target.pointerRel));
    } catch (err) {
      warnings.push((err as Error).message);
    }
  }
  return pointers;
}

function historyPointers(session: DataSession, warnings: string[]): Pointer[] {
  const pointers: Pointer[] = [];
  for (const text of readAllPointerBlobs(session.repo.root)) {
    try {
      pointers.push(parsePointer(text, 'a committed pointer file'));
    } catch (err) {
      warnings.push((err as Error).message);
    }
  }
  return pointers;
}

function removeStaleTmp(tmpDir: string): void {
  const now = Date.now();
  for (const name of readdirSync(tmpDir)) {
    const path = join(tmpDir, name);
    if (now - statSync(path).mtimeMs > STALE_TMP_MS) rmSync(path, { force: true });
  }
}
