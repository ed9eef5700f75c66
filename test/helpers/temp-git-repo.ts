/**
 * Test helper: a throwaway git repository in a temp folder, with strata initialised.
 * Edits replace files (unlink + write) the way editors save: in a repository that opts in to
 * hardlinks, writing in place would change the cache object itself (see README, pitfalls).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { initDataRepo } from '../../src/data/data-repo.js';

export interface TempGitRepo {
  dir: string;
  write(rel: string, content: string | Buffer): void;
  read(rel: string): string;
  remove(rel: string): void;
  git(...args: string[]): string;
  commit(message: string): string;
  cleanup(): void;
}

/** `links` replaces the config's `cache.links` list, e.g. '[hardlink, copy]' to test hardlinks. */
export function createTempGitRepo(options: { init?: boolean; links?: string } = {}): TempGitRepo {
  const dir = mkdtempSync(join(tmpdir(), 'strata-data-'));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Strata Test');
  git('config', 'user.email', 'test@strata.invalid');
  if (options.init !== false) {
    const { repo } = initDataRepo(dir);
    if (options.links) writeFileSync(repo.configPath, readFileSync(repo.configPath, 'utf8').replace(/^( *links:) .*$/m, `$1 ${options.links}`));
  }
  return {
    dir,
    write(rel, content) {
      const abs = join(dir, rel);
      mkdirSync(dirname(abs), { recursive: true });
      rmSync(abs, { force: true });
      writeFileSync(abs, content);
    },
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    remove: (rel) => unlinkSync(join(dir, rel)),
    git,
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    cleanup() {
      chmodTree(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Read-only cache folders are fine for root but not for other users: make them removable. */
function chmodTree(dir: string): void {
  try {
    execFileSync('chmod', ['-R', 'u+w', dir]);
  } catch {
    chmodSync(dir, 0o755);
  }
}
