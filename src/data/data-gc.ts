/**
 * `strata data gc`: deletes cache objects that no pointer refers to. By default
 * (`all-commits`) that is no pointer in the work tree nor in any commit of any branch or
 * tag, so every committed version can still be checked out; `workspace-only` keeps only
 * what the work tree's pointers need (push the versions you want to keep first).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { committedPointers, workspacePointers } from './committed-pointers.js';
import { withSession, type DataOptions } from './data-session.js';
import { listObjects, objectPath, removeObject } from './object-cache.js';
import { collectReferences } from './object-references.js';

export interface GcRequest {
  /** Default 'all-commits'. */
  scope?: 'all-commits' | 'workspace-only';
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

export function dataGc(request: GcRequest = {}, options: DataOptions): Promise<GcResult> {
  return withSession(options, async (session) => {
    const warnings: string[] = [];
    const pointers = workspacePointers(session, warnings);
    if (request.scope !== 'workspace-only') pointers.push(...committedPointers(session, warnings));
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

function removeStaleTmp(tmpDir: string): void {
  const now = Date.now();
  for (const name of readdirSync(tmpDir)) {
    const path = join(tmpDir, name);
    if (now - statSync(path).mtimeMs > STALE_TMP_MS) rmSync(path, { force: true });
  }
}
