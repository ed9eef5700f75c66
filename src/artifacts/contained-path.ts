import { lstat, realpath } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { invalidParameter, isStrataError } from '../core/errors.js';
import { isMissing } from './fs-errors.js';

/**
 * Refuses (400) a location under `realRoot` that a symlink carries outside it. The path
 * is resolved as far as it exists, so a write through a linked directory is caught before
 * any directory is created. A dangling symlink on the way is refused too: writing through
 * it would create its target, wherever that is.
 *
 * Checked before each operation, so a symlink swapped in between check and use is not
 * caught; the threat here is links planted in the tree, not a racing local attacker.
 */
export async function assertContained(realRoot: string, absolutePath: string, shownPath: string): Promise<void> {
  let candidate = absolutePath;
  for (;;) {
    try {
      const real = await realpath(candidate);
      if (real !== realRoot && !real.startsWith(realRoot + sep)) throw escapes(shownPath);
      return;
    } catch (error) {
      if (isStrataError(error) || !isMissing(error)) throw error;
      if (await isSymlink(candidate)) throw escapes(shownPath);
      if (candidate === realRoot) return;
      candidate = dirname(candidate);
    }
  }
}

/**
 * assertContained for a file about to be (re)written: the same verdict in fewer calls when
 * the file does not exist yet, the common case for uploads (lstat of the file, realpath of
 * its directory, instead of a failing realpath of the file first). A symlink at the file
 * itself gets the full check.
 */
export async function assertWritableContained(realRoot: string, absolutePath: string, shownPath: string): Promise<void> {
  if (absolutePath === realRoot) return;
  let isLink = false;
  try {
    isLink = (await lstat(absolutePath)).isSymbolicLink();
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  await assertContained(realRoot, isLink ? absolutePath : dirname(absolutePath), shownPath);
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

function escapes(shownPath: string) {
  return invalidParameter(`Invalid artifact path '${shownPath}': it resolves outside the artifact root.`);
}
