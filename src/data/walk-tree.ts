/**
 * Lists the regular files under a directory with their stamps. Symbolic links and special
 * files are refused, not followed: following them could leave the repository or loop, and
 * a link's target would not be versioned anyway. The caller reports them by name.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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

export function walkTree(root: string): WalkResult {
  const files: WalkedFile[] = [];
  const refused: string[] = [];
  const stack: [string, string][] = [[root, '']];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [dir, prefix] = next;
    for (const dirent of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, dirent.name);
      const rel = prefix + dirent.name;
      if (dirent.isDirectory()) stack.push([abs, `${rel}/`]);
      else if (!dirent.isFile()) refused.push(rel);
      else {
        // A file deleted between readdir and lstat is simply not there any more.
        const st = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
        if (st?.isFile()) files.push({ rel, abs, stamp: stampOf(st) });
      }
    }
  }
  files.sort((a, b) => compareUnits(a.rel, b.rel));
  return { files, refused: refused.sort(compareUnits) };
}
