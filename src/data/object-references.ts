/** The cache objects a set of pointers needs: each file, each manifest and its files. */
import type { DataSession } from './data-session.js';
import { findManifest } from './object-cache.js';
import { isDirPointer, pointerKey, type Pointer } from './pointer-file.js';

export interface References {
  keys: Set<string>;
  /** Known sizes (files and file pointers), used to balance transfer batches. */
  sizes: Map<string, number>;
  /** Manifests named by a pointer but absent from the cache: their files are unknown. */
  missingManifests: string[];
  /** Each manifest found, with its files' keys: push holds back only manifests whose files failed. */
  manifestFiles: Map<string, string[]>;
}

export function collectReferences(session: DataSession, pointers: Pointer[]): References {
  const refs: References = { keys: new Set(), sizes: new Map(), missingManifests: [], manifestFiles: new Map() };
  for (const pointer of pointers) {
    const key = pointerKey(pointer);
    if (refs.keys.has(key)) continue;
    refs.keys.add(key);
    if (!isDirPointer(pointer)) {
      refs.sizes.set(key, pointer.size);
      continue;
    }
    const entries = findManifest(session.repo, pointer.hash);
    if (!entries) refs.missingManifests.push(key);
    else {
      refs.manifestFiles.set(key, entries.map((e) => e.hash));
      for (const e of entries) {
        refs.keys.add(e.hash);
        refs.sizes.set(e.hash, e.size);
      }
    }
  }
  return refs;
}
