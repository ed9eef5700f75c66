/**
 * `strata data diff [REV_A] [REV_B] [PATH…]`: files added, deleted and modified between the
 * pointer files of two git revisions, or between a revision (default HEAD) and the data
 * actually in the workspace.
 */
import { toErrorInfo, type DataErrorInfo } from './data-error.js';
import { withSession, type DataOptions, type DataSession } from './data-session.js';
import { isCommitish, listWorkspacePointers, readPointersAtRev } from './git-reader.js';
import { openDataRepo } from './data-repo.js';
import type { ManifestEntry } from './manifest.js';
import { parsePointer, POINTER_SUFFIX } from './pointer-file.js';
import { pointerEntries, scannedEntries } from './data-status.js';
import { diffEntries, type FileChange } from './tree-diff.js';
import { resolveTracked, trackedFromRel } from './tracked-path.js';
import { scanTracked } from './workspace-scan.js';

export interface DiffRequest {
  /** Default HEAD. */
  revA?: string;
  /** Default: the workspace. */
  revB?: string;
  paths?: string[];
}

export interface DiffResult {
  from: string;
  to: string;
  changes: FileChange[];
  /** Tracked paths that could not be compared (bad pointer, manifest not in cache…). */
  errors: { path: string; error: DataErrorInfo }[];
}

/** Tracked path -> its files, named relative to the repository root. */
type Side = Map<string, ManifestEntry[]>;

export function dataDiff(request: DiffRequest = {}, options: DataOptions): Promise<DiffResult> {
  return withSession(options, async (session) => {
    const from = request.revA ?? 'HEAD';
    const errors: DiffResult['errors'] = [];
    const a = revSide(session, from, errors);
    const b = request.revB ? revSide(session, request.revB, errors) : await workspaceSide(session, a, errors);
    const filters = (request.paths ?? []).map((p) => resolveTracked(session.repo, session.cwd, p).rel);
    const changes = [...new Set([...a.keys(), ...b.keys()])]
      .sort()
      .flatMap((rel) => diffEntries(a.get(rel) ?? [], b.get(rel) ?? [], rel))
      .filter((c) => filters.length === 0 || filters.some((f) => c.path === f || c.path.startsWith(`${f}/`)));
    return { from, to: request.revB ?? 'workspace', changes, errors };
  });
}

function revSide(session: DataSession, rev: string, errors: DiffResult['errors']): Side {
  const side: Side = new Map();
  for (const [pointerRel, text] of readPointersAtRev(session.repo.root, rev)) {
    const rel = pointerRel.slice(0, -POINTER_SUFFIX.length);
    try {
      side.set(rel, pointerEntries(session, parsePointer(text, `${rev}:${pointerRel}`)));
    } catch (err) {
      errors.push({ path: rel, error: toErrorInfo(err, `${rev}:${pointerRel}`) });
    }
  }
  return side;
}

/** The data on disk for every path tracked in the workspace or on the other side. */
async function workspaceSide(session: DataSession, other: Side, errors: DiffResult['errors']): Promise<Side> {
  const pointers = listWorkspacePointers(session.repo.root).map((p) => p.slice(0, -POINTER_SUFFIX.length));
  const side: Side = new Map();
  for (const rel of new Set([...pointers, ...other.keys()])) {
    try {
      side.set(rel, scannedEntries(await scanTracked(session, trackedFromRel(session.repo, rel), 'hash')));
    } catch (err) {
      errors.push({ path: rel, error: toErrorInfo(err, rel) });
    }
  }
  return side;
}

/**
 * Splits `diff [REV_A] [REV_B] [PATH…]` words: up to two leading words that name commits are
 * revisions, the rest are paths. A path that is also a branch name needs `--path`.
 */
export function splitDiffArgs(words: string[], options: DataOptions): DiffRequest {
  const root = openDataRepo(options.cwd).root;
  const revs: string[] = [];
  let i = 0;
  while (i < words.length && revs.length < 2 && isCommitish(root, words[i] as string)) revs.push(words[i++] as string);
  const request: DiffRequest = { paths: words.slice(i) };
  if (revs[0] !== undefined) request.revA = revs[0];
  if (revs[1] !== undefined) request.revB = revs[1];
  return request;
}
