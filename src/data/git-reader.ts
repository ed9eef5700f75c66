/**
 * The few git reads the engine needs, through the git binary: pointer files in the work
 * tree, at a revision, and across all history. Blobs are read in one `git cat-file
 * --batch` call rather than one `git show` per pointer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from './data-error.js';
import { POINTER_SUFFIX } from './pointer-file.js';

function git(root: string, args: string[], input?: string): Buffer {
  const res = spawnSync('git', args, { cwd: root, input, maxBuffer: 1 << 30 });
  if (res.error) throw new DataError('GIT_ERROR', `git ${args[0] ?? ''}: ${res.error.message}`);
  if (res.status !== 0) {
    const detail = res.stderr.toString().trim().split('\n')[0] ?? '';
    throw new DataError('GIT_ERROR', `git ${args.join(' ')}: ${detail}`);
  }
  return res.stdout;
}

function splitZ(out: Buffer): string[] {
  return out.toString('utf8').split('\0').filter((s) => s !== '');
}

/** Pointer files in the work tree, tracked or not (but not ignored), that exist on disk. */
export function listWorkspacePointers(root: string): string[] {
  const out = git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', `*${POINTER_SUFFIX}`]);
  return [...new Set(splitZ(out))].filter((rel) => existsSync(join(root, rel))).sort();
}

export function resolveRev(root: string, rev: string): string {
  return git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).toString().trim();
}

/** Every pointer file at a revision: repo-relative path -> text. */
export function readPointersAtRev(root: string, rev: string): Map<string, string> {
  const commit = resolveRev(root, rev);
  const listing = splitZ(git(root, ['ls-tree', '-r', '-z', '--full-tree', commit]));
  const blobs = new Map<string, string>();
  for (const line of listing) {
    const [meta, path] = splitOnce(line, '\t');
    const [, type, sha] = meta.split(' ');
    if (type === 'blob' && sha && path.endsWith(POINTER_SUFFIX)) blobs.set(path, sha);
  }
  const texts = readBlobs(root, [...blobs.values()]);
  return new Map([...blobs].map(([path, sha]) => [path, texts.get(sha) ?? '']));
}

/** Texts of every pointer blob reachable from any ref, for `gc --all-commits`. */
export function readAllPointerBlobs(root: string): string[] {
  const hasCommits = spawnSync('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd: root }).status === 0;
  if (!hasCommits) return [];
  const lines = git(root, ['rev-list', '--all', '--objects']).toString('utf8').split('\n');
  const shas = new Set<string>();
  for (const line of lines) {
    const [sha, path] = splitOnce(line, ' ');
    if (path.endsWith(POINTER_SUFFIX)) shas.add(sha);
  }
  return [...readBlobs(root, [...shas]).values()];
}

function splitOnce(line: string, sep: string): [string, string] {
  const i = line.indexOf(sep);
  return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
}

/** `git cat-file --batch`: "<sha> <type> <size>\n<bytes>\n" per requested object. */
function readBlobs(root: string, shas: string[]): Map<string, string> {
  const texts = new Map<string, string>();
  if (shas.length === 0) return texts;
  const out = git(root, ['cat-file', '--batch'], shas.join('\n') + '\n');
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(0x0a, at);
    const [sha, type, sizeText] = out.subarray(at, eol).toString('utf8').split(' ');
    const size = Number(sizeText);
    // `rev-list --objects` also names trees: the `.strata/` folder itself ends in `.strata`.
    if (type === 'blob') texts.set(sha ?? '', out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return texts;
}

/** Whether a word names a commit (so `diff` can tell revisions from paths). */
export function isCommitish(root: string, word: string): boolean {
  return spawnSync('git', ['rev-parse', '--verify', '--quiet', `${word}^{commit}`], { cwd: root }).status === 0;
}
