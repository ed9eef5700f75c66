/**
 * `strata data verify`: re-hashes every cache object, ignoring the state cache, and reports
 * the ones whose content no longer matches their name (with `remove`, deletes them so the
 * next pull fetches good copies).
 */
import { withSession, type DataOptions } from './data-session.js';
import { listObjects, removeObject } from './object-cache.js';
import { checkObjects, type ObjectProblem } from './object-check.js';

export interface VerifyRequest {
  remove?: boolean;
}

export interface VerifyResult {
  checked: number;
  problems: ObjectProblem[];
  removed: string[];
}

export function dataVerify(request: VerifyRequest = {}, options: DataOptions): Promise<VerifyResult> {
  return withSession(options, async (session) => {
    const keys = [...listObjects(session.repo)].sort();
    const problems = await checkObjects(session, keys, false);
    const removed: string[] = [];
    if (request.remove) {
      for (const p of problems.filter((x) => x.error.code === 'CORRUPTED_OBJECT')) {
        removeObject(session.repo, p.key);
        removed.push(p.key);
      }
    }
    return { checked: keys.length, problems, removed };
  });
}
