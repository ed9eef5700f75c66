/**
 * Lists the regular files under a directory with their stamps. Symbolic links and special
 * files are refused, not followed: following them could leave the repository or loop, and
 * a link's target would not be versioned anyway. The caller reports them by name.
 */
import { lstatSync, readdirSync, type Dirent } from 'node:fs';
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

interface OpenDir {
  abs: string;
  prefix: string;
  /** Entries sorted so that visiting them in order yields paths in manifest order. */
  entries: Dirent[];
  next: number;
}

/**
 * Each folder's entries are sorted by name (a folder's name with `/` appended, as it appears
 * in its files' paths) and visited depth-first, which yields every path already in manifest
 * order (UTF-16 code units): cheaper than sorting all paths at the end. Paths are joined by
 * concatenation; the root is absolute and normalised by the caller.
 */
export function walkTree(root: string): WalkResult {
  const files: WalkedFile[] = [];
  const refused: string[] = [];
  const stack: OpenDir[] = [openDir(root, '')];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as OpenDir;
    const entry = top.entries[top.next++];
    if (!entry) {
      stack.pop();
      continue;
    }
    const abs = `${top.abs}/${entry.name}`;
    const rel = top.prefix + entry.name;
    if (entry.isDirectory()) stack.push(openDir(abs, `${rel}/`));
    else if (!entry.isFile()) refused.push(rel);
    else {
      // A file deleted between readdir and lstat is simply not there any more.
      const st = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
      if (st?.isFile()) files.push({ rel, abs, stamp: stampOf(st) });
    }
  }
  return { files, refused: refused.sort(compareUnits) };
}

/** A folder sorts as its name plus `/`; that key is built only in folders that have subfolders. */
function openDir(abs: string, prefix: string): OpenDir {
  const entries = readdirSync(abs, { withFileTypes: true });
  const hasDirs = entries.some((d) => d.isDirectory());
  if (hasDirs) entries.sort((a, b) => compareUnits(sortKey(a), sortKey(b)));
  else entries.sort((a, b) => compareUnits(a.name, b.name));
  return { abs, prefix, entries, next: 0 };
}

function sortKey(d: Dirent): string {
  return d.isDirectory() ? `${d.name}/` : d.name;
}
