/**
 * Confirms cache objects still hold the bytes their names promise before they are linked
 * into the workspace. An object whose stamp the state cache knows was hashed before and
 * has not been touched since; any other is hashed now. A mismatch is reported, never used.
 */
import { lstatSync } from 'node:fs';
import { relative } from 'node:path';
import type { DataErrorInfo } from './data-error.js';
import type { DataSession } from './data-session.js';
import { stampOf, type HashedFile } from './file-ops.js';
import { objectPath } from './object-cache.js';
import { keyHash } from './object-key.js';

export interface ObjectProblem {
  key: string;
  error: DataErrorInfo;
}

export async function checkObjects(session: DataSession, keys: string[], trustState = true): Promise<ObjectProblem[]> {
  const problems: ObjectProblem[] = [];
  const todo: { key: string; abs: string; size: number }[] = [];
  for (const key of keys) {
    if (trustState && session.verified.has(key)) continue;
    const abs = objectPath(session.repo, key);
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (!st?.isFile()) {
      problems.push({ key, error: { code: 'OBJECT_MISSING', message: `object ${key} is not in the cache; run \`strata data pull\`` } });
      continue;
    }
    const known = trustState ? session.state.lookup(stateKey(session, abs), stampOf(st)) : undefined;
    if (known !== keyHash(key)) todo.push({ key, abs, size: st.size });
  }
  const results = await session.pool.map(todo.map((t) => ({ item: t.abs, size: t.size })), (paths) => ({ op: 'hash', paths }));
  results.forEach((result, i) => {
    const { key, abs } = todo[i] as (typeof todo)[number];
    if (!result.ok) return problems.push({ key, error: result.error });
    session.hooks.onHash?.(stateKey(session, abs));
    if (result.file.hash === keyHash(key)) return session.state.record(stateKey(session, abs), result.file, result.file.hash);
    problems.push({ key, error: corrupted(key, result.file.hash) });
  });
  return problems;
}

export function corrupted(key: string, actual: string): DataErrorInfo {
  return {
    code: 'CORRUPTED_OBJECT',
    message: `object ${key} is corrupted (its content hashes to ${actual}); delete it with \`strata data verify --remove\` and pull it again`,
  };
}

/**
 * A file that was just hardlinked with its object shares the object's inode, so its stamp is
 * the object's stamp at link time. Recording it lets `status` and `add` tell later that the
 * object was written to through the link (damaged-objects.ts) without re-hashing it.
 */
export function recordLinkedObject(session: DataSession, file: HashedFile): void {
  if (file.isObjectLink) session.state.record(stateKey(session, objectPath(session.repo, file.hash)), file, file.hash);
}

/** Objects are recorded in the state cache under their repo-relative path, like files. */
export function stateKey(session: DataSession, abs: string): string {
  return relative(session.repo.root, abs);
}
