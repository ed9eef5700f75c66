/**
 * The pointers whose objects `gc` keeps and `push --all-commits` sends: those in the work
 * tree, and every pointer file committed on any branch or tag. History is read with
 * `git rev-list --all --objects` (git-reader.ts), which also follows stashes and
 * remote-tracking branches: keeping a little more is the safe side for a garbage collector.
 * Commits reachable only from the reflog (an amended or rebased-away commit) are not kept.
 */
import type { DataSession } from './data-session.js';
import { readAllPointerBlobs } from './git-reader.js';
import { parsePointer, readPointerFile, type Pointer } from './pointer-file.js';
import { selectTracked } from './tracked-path.js';

/** Every pointer file in the work tree; unreadable ones become warnings. */
export function workspacePointers(session: DataSession, warnings: string[]): Pointer[] {
  const pointers: Pointer[] = [];
  for (const target of selectTracked(session.repo, session.repo.root, [])) {
    try {
      pointers.push(readPointerFile(target.pointerAbs, target.pointerRel));
    } catch (err) {
      warnings.push((err as Error).message);
    }
  }
  return pointers;
}

/**
 * Every pointer blob in the history of every ref. A committed pointer that does not parse
 * cannot be fixed any more (history is fixed), so it is a warning, not a failure.
 */
export function committedPointers(session: DataSession, warnings: string[]): Pointer[] {
  const pointers: Pointer[] = [];
  for (const text of readAllPointerBlobs(session.repo.root)) {
    try {
      pointers.push(parsePointer(text, 'a committed pointer file'));
    } catch (err) {
      warnings.push((err as Error).message);
    }
  }
  return pointers;
}
