/** Compares two file listings (path -> entry): the core of status and diff. */
import { compareUnits, type ManifestEntry } from './manifest.js';

export type ChangeKind = 'added' | 'deleted' | 'modified';

export interface FileChange {
  path: string;
  change: ChangeKind;
  /** Size before (absent when added). */
  oldSize?: number;
  /** Size after (absent when deleted). */
  newSize?: number;
}

export function diffEntries(before: ManifestEntry[], after: ManifestEntry[], prefix = ''): FileChange[] {
  const old = new Map(before.map((e) => [e.path, e]));
  const changes: FileChange[] = [];
  const name = (p: string): string => (prefix === '' ? p : p === '' ? prefix : `${prefix}/${p}`);
  for (const e of after) {
    const o = old.get(e.path);
    if (!o) changes.push({ path: name(e.path), change: 'added', newSize: e.size });
    else if (o.hash !== e.hash) changes.push({ path: name(e.path), change: 'modified', oldSize: o.size, newSize: e.size });
    old.delete(e.path);
  }
  for (const o of old.values()) changes.push({ path: name(o.path), change: 'deleted', oldSize: o.size });
  return changes.sort((a, b) => compareUnits(a.path, b.path));
}
