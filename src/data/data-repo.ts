/**
 * Where a data repository's files live. `.strata/` sits at the git root, beside `.git`, so
 * pointer files are found relative to one place whatever folder a command runs from.
 */
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataError } from './data-error.js';
import { defaultConfigText } from './data-config.js';

export interface DataRepo {
  /** The git work tree root; every repo-relative path is relative to it. */
  root: string;
  strataDir: string;
  configPath: string;
  /** Content-addressed objects: `<aa>/<rest>`, read-only. */
  objectsDir: string;
  /** Temporary files, on the cache's filesystem so a rename into the cache is atomic. */
  tmpDir: string;
  statePath: string;
}

export const STRATA_DIR = '.strata';

/** `.strata/.gitignore`: the config is committed; the cache, temp files and state are not. */
const STRATA_GITIGNORE = '/cache/\n/tmp/\n/state.json\n/config.local\n';

export function findGitRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return realpathSync(dir);
    if (dirname(dir) === dir) return undefined;
  }
}

export function repoAt(root: string): DataRepo {
  const strataDir = join(root, STRATA_DIR);
  return {
    root,
    strataDir,
    configPath: join(strataDir, 'config'),
    objectsDir: join(strataDir, 'cache'),
    tmpDir: join(strataDir, 'tmp'),
    statePath: join(strataDir, 'state.json'),
  };
}

function gitRootOrThrow(cwd: string): string {
  const root = findGitRoot(cwd);
  if (!root) throw new DataError('NOT_A_GIT_REPO', `${resolve(cwd)} is not inside a git repository; run \`git init\` first`);
  return root;
}

export function findDataRepo(cwd: string): DataRepo | undefined {
  const root = findGitRoot(cwd);
  if (!root) return undefined;
  const repo = repoAt(root);
  return existsSync(repo.configPath) ? repo : undefined;
}

export function openDataRepo(cwd: string): DataRepo {
  const root = gitRootOrThrow(cwd);
  const repo = repoAt(root);
  if (!existsSync(repo.configPath)) {
    throw new DataError('NOT_A_DATA_REPO', `${root} has no ${STRATA_DIR}/config; run \`strata data init\` first`);
  }
  ensureWorkDirs(repo);
  return repo;
}

function ensureWorkDirs(repo: DataRepo): void {
  mkdirSync(repo.objectsDir, { recursive: true });
  mkdirSync(repo.tmpDir, { recursive: true });
}

export interface InitResult {
  repo: DataRepo;
  /** False when the repository was already initialised (init is idempotent). */
  created: boolean;
}

export function initDataRepo(cwd: string): InitResult {
  const repo = repoAt(gitRootOrThrow(cwd));
  const created = !existsSync(repo.configPath);
  mkdirSync(repo.strataDir, { recursive: true });
  if (created) writeFileSync(repo.configPath, defaultConfigText());
  const ignore = join(repo.strataDir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, STRATA_GITIGNORE);
  ensureWorkDirs(repo);
  return { repo, created };
}
