import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Removes the entries of `dir` last modified before `cutoffMs`; returns how many went. */
export async function removeOlderThan(dir: string, cutoffMs: number): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const stats = await stat(path).catch(() => undefined);
    if (stats && stats.mtimeMs < cutoffMs) {
      await rm(path, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
