/**
 * Lists the regular files under a directory with their stamps. Symbolic links and special
 * files are refused, not followed: following them could leave the repository or loop, and
 * a link's target would not be versioned anyway. The caller reports them by name.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { stampOf, type FileStamp } from './file-ops.js';
import { compareUnits } from './manifest.js';

export interface WalkedFile {
  /** Relative to the walked directory, with `/` separators. */
  rel: string;
  abs: string;
  stamp: FileStamp;
}

export interface WalkResult {
  files: WalkedFile[];
  /** Relative paths of symlinks and special files that were skipped. */
  refused: string[];
}

interface Entry {
  name: string;
  /** The name as it sorts among its siblings: a folder's with `/` appended, as in its files' paths. */
  key: string;
  st: Stats;
}

/**
 * Each folder's entries are sorted by key and visited depth-first, which yields every path
 * already in manifest order (UTF-16 code units): cheaper than sorting all paths at the end.
 * Every entry is lstat'ed anyway (files for their stamps, the rest to refuse links), so
 * names are listed as plain strings and typed by that lstat: 20,000 Dirent objects cost
 * more than the ~100 extra lstat calls on folders. Paths are joined by concatenation; the
 * root is absolute and normalised by the caller.
 */
export function walkTree(root: string): WalkResult {
  const files: WalkedFile[] = [];
  const refused: string[] = [];
  const visit = (abs: string, prefix: string): void => {
    for (const { name, st } of listDir(abs)) {
      const rel = prefix + name;
      if (st.isDirectory()) visit(`${abs}/${name}`, `${rel}/`);
      else if (st.isFile()) files.push({ rel, abs: `${abs}/${name}`, stamp: stampOf(st) });
      else refused.push(rel);
    }
  };
  visit(root, '');
  return { files, refused: refused.sort(compareUnits) };
}

function listDir(abs: string): Entry[] {
  const entries: Entry[] = [];
  for (const name of readdirSync(abs)) {
    // An entry deleted between readdir and lstat is simply not there any more.
    const st = lstatSync(`${abs}/${name}`, { throwIfNoEntry: false });
    if (st) entries.push({ name, key: st.isDirectory() ? `${name}/` : name, st });
  }
  return entries.sort((a, b) => compareUnits(a.key, b.key));
}
