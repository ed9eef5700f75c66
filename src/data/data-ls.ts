/** `strata data ls PATH [--rev REV]`: the files of a tracked path at a revision or now. */
import { withSession, type DataOptions } from './data-session.js';
import { readPointersAtRev } from './git-reader.js';
import type { ManifestEntry } from './manifest.js';
import { DataError } from './data-error.js';
import { parsePointer, readPointerFile, type Pointer } from './pointer-file.js';
import { pointerEntries } from './data-status.js';
import { resolveTracked } from './tracked-path.js';

export interface LsRequest {
  path: string;
  /** Default: the pointer file in the work tree. */
  rev?: string;
}

export interface LsResult {
  path: string;
  pointer: Pointer;
  /** File entries relative to the tracked path ('' for a single file). */
  entries: ManifestEntry[];
}

export function dataLs(request: LsRequest, options: DataOptions): Promise<LsResult> {
  return withSession(options, async (session) => {
    const target = resolveTracked(session.repo, session.cwd, request.path);
    let pointer: Pointer;
    if (request.rev) {
      const text = readPointersAtRev(session.repo.root, request.rev).get(target.pointerRel);
      if (text === undefined) throw new DataError('PATH_NOT_FOUND', `${target.pointerRel}: not in revision ${request.rev}`);
      pointer = parsePointer(text, `${request.rev}:${target.pointerRel}`);
    } else {
      pointer = readPointerFile(target.pointerAbs, target.pointerRel);
    }
    return { path: target.rel, pointer, entries: pointerEntries(session, pointer) };
  });
}
