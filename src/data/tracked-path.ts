/** Turns the paths a user typed into repo-relative tracked paths and their pointer files. */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DataError } from './data-error.js';
import { STRATA_DIR, type DataRepo } from './data-repo.js';
import { listWorkspacePointers } from './git-reader.js';
import { POINTER_SUFFIX } from './pointer-file.js';

export interface TrackedPath {
  /** Repo-relative, `/`-separated path of the data. */
  rel: string;
  abs: string;
  pointerRel: string;
  pointerAbs: string;
}

export function trackedFromRel(repo: DataRepo, rel: string): TrackedPath {
  const pointerRel = rel + POINTER_SUFFIX;
  return { rel, abs: join(repo.root, rel), pointerRel, pointerAbs: join(repo.root, pointerRel) };
}

/** Resolves symlinked parents (e.g. a temp dir behind a link) so the repo check is exact. */
function canonical(abs: string): string {
  const parent = dirname(abs);
  return existsSync(parent) ? join(realpathSync(parent), basename(abs)) : abs;
}

/** `data` and `data.strata` both name the data at `data`. */
export function resolveTracked(repo: DataRepo, cwd: string, arg: string): TrackedPath {
  const typed = arg.endsWith(POINTER_SUFFIX) ? arg.slice(0, -POINTER_SUFFIX.length) : arg;
  const abs = canonical(resolve(cwd, typed.replace(/[/\\]+$/, '')));
  const rel = relative(repo.root, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new DataError('PATH_OUTSIDE_REPO', `${arg}: outside the repository at ${repo.root}; move the data inside it`);
  }
  const parts = rel.split(sep);
  if (parts[0] === STRATA_DIR || parts[0] === '.git') {
    throw new DataError('PATH_OUTSIDE_REPO', `${arg}: inside ${parts[0]}/, which strata does not version`);
  }
  return trackedFromRel(repo, parts.join('/'));
}

/** The paths named, or every pointer file in the work tree when none are. */
export function selectTracked(repo: DataRepo, cwd: string, args: string[]): TrackedPath[] {
  if (args.length > 0) return args.map((a) => resolveTracked(repo, cwd, a));
  return listWorkspacePointers(repo.root).map((p) => trackedFromRel(repo, p.slice(0, -POINTER_SUFFIX.length)));
}

/** The tracked folder that already contains this path, if any (nested tracking is refused). */
export function findTrackingAncestor(repo: DataRepo, rel: string): string | undefined {
  const parts = rel.split('/');
  for (let i = parts.length - 1; i > 0; i--) {
    const ancestor = parts.slice(0, i).join('/');
    if (existsSync(join(repo.root, ancestor + POINTER_SUFFIX))) return ancestor;
  }
  return undefined;
}
